import type { Document } from 'bson';
import BTree from 'sorted-btree';
import { bulkLoad } from 'sorted-btree/extended/bulkLoad';
import { EMPTY_ARRAY_KEY, NEEDS_PARSE, compareKeys, encodeKey, encodeRawKey, rawKeyInfo } from '../bson/key-string';
import { collectPathValues } from '../bson/paths';
import { ErrorCode, MongoServerError } from '../errors';
import { compileFilter, type Filter } from '../query/filter';
import { DocForms, type DocRecord } from './record';

export interface IndexField {
  path: string;
  parts: string[];
  dir: 1 | -1;
}

export interface IndexKeys {
  /** Tree keys (with the record id appended for non-unique indexes), deduplicated. */
  keys: string[];
  /** The exact field values of each key, in index field order (for duplicate-key reports); absent on the fast path. */
  values?: unknown[][];
}

const NO_KEYS: IndexKeys = { keys: [], values: [] };
const NODE_SIZE = 64;

/** One index of a collection: a B+tree from key strings to records. */
export class CollectionIndex {
  readonly name: string;
  readonly fields: IndexField[];
  readonly unique: boolean;
  readonly sparse: boolean;
  readonly partial?: Filter;
  readonly isIdIndex: boolean;
  expireAfterSeconds?: number;
  /** True once any document produced several keys (or went through an array) for this index. */
  multikey = false;
  tree = new BTree<string, DocRecord>(undefined, compareKeys, NODE_SIZE);
  /** Bumped on every change, so scans can tell that their tree iterator went stale. */
  version = 0;

  /** `spec` is the index document as listed by listIndexes: `{ v, key, name, ...options }`. */
  constructor(readonly spec: Document) {
    this.name = spec['name'] as string;
    const key = spec['key'] as Document;
    this.fields = Object.keys(key).map((path) => ({
      path,
      parts: path.split('.'),
      dir: Number((key[path] as { valueOf(): unknown }).valueOf()) < 0 ? -1 : 1,
    }));
    this.paths = this.fields.map((f) => f.parts);
    this.dirs = this.fields.map((f) => f.dir);
    this.isIdIndex = this.name === '_id_';
    this.unique = this.isIdIndex || spec['unique'] === true;
    this.sparse = spec['sparse'] === true;
    if (spec['partialFilterExpression'] !== undefined) this.partial = compileFilter(spec['partialFilterExpression']);
    const ttl = spec['expireAfterSeconds'];
    if (ttl !== undefined && ttl !== null) this.expireAfterSeconds = Number((ttl as { valueOf(): unknown }).valueOf());
  }

  get keyPattern(): Document {
    return this.spec['key'] as Document;
  }

  get directions(): number[] {
    return this.dirs;
  }

  private readonly paths: string[][];
  private readonly dirs: number[];

  /** The keys a document version has in this index; none when sparse/partial rules leave it out. */
  keysFor(forms: DocForms, rid: number): IndexKeys {
    if (this.partial && !this.partial.test(forms.view())) return NO_KEYS;
    // Fast path: scalar fields read straight from the raw bytes.
    const raw = encodeRawKey(forms.bytes, this.paths, this.dirs, this.unique ? undefined : rid);
    if (raw !== NEEDS_PARSE) {
      if (this.sparse && !rawKeyInfo.present) return NO_KEYS;
      return { keys: [raw] };
    }
    return this.parsedKeysFor(forms, rid);
  }

  /** The exact values behind one of the document's keys (for duplicate-key reports). */
  valuesFor(forms: DocForms, rid: number, key: string): unknown[] {
    const parsed = this.parsedKeysFor(forms, rid);
    const i = parsed.keys.indexOf(key);
    return parsed.values?.[i >= 0 ? i : 0] ?? [];
  }

  private parsedKeysFor(forms: DocForms, rid: number): IndexKeys {
    if (this.partial && !this.partial.test(forms.view())) return NO_KEYS;
    const doc = forms.exact();
    const perField: unknown[][] = [];
    let arrayField = -1;
    let present = false;
    for (let i = 0; i < this.fields.length; i++) {
      const { values, viaArray } = collectPathValues(doc, this.fields[i].parts);
      if (viaArray) {
        this.multikey = true;
        if (arrayField >= 0 && (values.length > 1 || perField[arrayField].length > 1)) {
          throw new MongoServerError(
            ErrorCode.CannotIndexParallelArrays,
            `cannot index parallel arrays [${this.fields[i].path}] [${this.fields[arrayField].path}]`,
          );
        }
        arrayField = i;
      }
      const mapped = values.map((v) => {
        if (v !== undefined) present = true;
        if (Array.isArray(v) && v.length === 0) return EMPTY_ARRAY_KEY;
        return v === undefined ? null : v;
      });
      perField.push(mapped);
    }
    if (this.sparse && !present) return NO_KEYS;
    const dirs = this.directions;
    const suffix = this.unique ? undefined : rid;
    if (arrayField < 0 || perField[arrayField].length === 1) {
      const values = perField.map((vs) => vs[0]);
      return { keys: [encodeKey(values, dirs, suffix)], values: [values] };
    }
    const keys: string[] = [];
    const valueSets: unknown[][] = [];
    const seen = new Set<string>();
    for (const element of perField[arrayField]) {
      const values = perField.map((vs, i) => (i === arrayField ? element : vs[0]));
      const key = encodeKey(values, dirs, suffix);
      if (seen.has(key)) continue;
      seen.add(key);
      keys.push(key);
      valueSets.push(values);
    }
    return { keys, values: valueSets };
  }

  /**
   * Replaces the tree with one bulk-loaded from the records' keys, sorted once (far cheaper than
   * inserting them one by one in key order). Returns the first key shared by two records, if any
   * (the caller reports it for a unique index).
   */
  rebuild(records: Iterable<DocRecord>): { duplicate: string; record: DocRecord } | undefined {
    const keys: string[] = [];
    const owners: DocRecord[] = [];
    this.multikey = false;
    for (const r of records) {
      if (!r.bson) continue;
      const ks = this.isIdIndex ? [r.idKey] : this.keysFor(new DocForms(r.bson), r.rid).keys;
      for (const k of ks) {
        keys.push(k);
        owners.push(r);
      }
    }
    const order = Array.from({ length: keys.length }, (_, i) => i);
    order.sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0));
    const sortedKeys = order.map((i) => keys[i]);
    const sortedOwners = order.map((i) => owners[i]);
    for (let i = 1; i < sortedKeys.length; i++) {
      if (sortedKeys[i] === sortedKeys[i - 1]) return { duplicate: sortedKeys[i], record: sortedOwners[i] };
    }
    this.tree = bulkLoad(sortedKeys, sortedOwners, NODE_SIZE, compareKeys);
    this.version++;
    return undefined;
  }

  add(keys: readonly string[], record: DocRecord): void {
    for (const k of keys) this.tree.set(k, record);
    this.version++;
  }

  delete(keys: readonly string[]): void {
    for (const k of keys) this.tree.delete(k);
    this.version++;
  }

  /** The record already holding `key` in a unique index, other than `self`. */
  conflict(key: string, self?: DocRecord): DocRecord | undefined {
    const existing = this.tree.get(key);
    return existing && existing !== self ? existing : undefined;
  }
}
