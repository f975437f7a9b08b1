import { Binary, type Document, UUID } from 'bson';
import { NEEDS_PARSE, encodeRawKey, encodeValue } from '../bson/key-string';
import { CollectionIndex, type IndexKeys } from './collection-index';
import { duplicateKeyError } from './duplicate-key';
import { DocForms, DocRecord, deletedDocs } from './record';

const ID_PATH = [['_id']];
const ID_DIRS = [1];

/** The `_id` key string, read from the raw bytes when possible. */
export function idKeyOf(forms: DocForms): string {
  const raw = encodeRawKey(forms.bytes, ID_PATH, ID_DIRS);
  return raw === NEEDS_PARSE ? encodeValue(forms.exact()['_id']) : raw;
}

export const ID_INDEX_SPEC: Document = { v: 2, key: { _id: 1 }, name: '_id_' };

export interface CollectionInfo {
  uuid: Binary;
  /** Options given to `create` (listed by listCollections). */
  options: Document;
}

/**
 * A collection: records in insertion (natural) order plus its indexes. All mutations are synchronous
 * and all-or-nothing: a duplicate key is detected before anything changes.
 */
export class Collection {
  readonly records = new Set<DocRecord>();
  readonly indexes = new Map<string, CollectionIndex>();
  readonly idIndex: CollectionIndex;
  private nextRid = 1;
  /**
   * While true (recovery), only the `_id` index is maintained; `endBulkLoad()` then builds the other
   * indexes in one sorted pass each.
   */
  private bulkLoading = false;

  constructor(
    readonly db: string,
    public name: string,
    readonly info: CollectionInfo = { uuid: new UUID().toBinary(), options: {} },
  ) {
    this.idIndex = new CollectionIndex(ID_INDEX_SPEC);
    this.indexes.set(this.idIndex.name, this.idIndex);
  }

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  get size(): number {
    return this.records.size;
  }

  findById(id: unknown): DocRecord | undefined {
    return this.idIndex.tree.get(encodeValue(id));
  }

  beginBulkLoad(): void {
    this.bulkLoading = true;
  }

  /** Builds the secondary indexes skipped during a bulk load. Throws on a unique violation. */
  endBulkLoad(): void {
    if (!this.bulkLoading) return;
    this.bulkLoading = false;
    for (const index of this.indexes.values()) {
      if (index.isIdIndex) continue;
      const dup = index.rebuild(this.records);
      if (dup) throw duplicateKeyError(this.ns, index, index.valuesFor(new DocForms(dup.record.bson as Buffer), dup.record.rid, dup.duplicate));
    }
  }

  private secondaryKeys(forms: DocForms, rid: number): [CollectionIndex, IndexKeys][] {
    const out: [CollectionIndex, IndexKeys][] = [];
    if (this.bulkLoading) return out;
    for (const index of this.indexes.values()) {
      if (index !== this.idIndex) out.push([index, index.keysFor(forms, rid)]);
    }
    return out;
  }

  /** Inserts a document whose first field is `_id`. Throws E11000 without changing anything. */
  insert(bytes: Buffer, forms = new DocForms(bytes)): DocRecord {
    const idKey = idKeyOf(forms);
    if (this.idIndex.tree.get(idKey) !== undefined) throw duplicateKeyError(this.ns, this.idIndex, [forms.exact()['_id']]);
    const rid = this.nextRid++;
    const secondary = this.secondaryKeys(forms, rid);
    for (const [index, { keys }] of secondary) {
      if (!index.unique) continue;
      for (let i = 0; i < keys.length; i++) {
        if (index.conflict(keys[i])) throw duplicateKeyError(this.ns, index, index.valuesFor(forms, rid, keys[i]));
      }
    }
    const record = new DocRecord(rid, idKey, bytes);
    this.idIndex.add([idKey], record);
    for (const [index, { keys }] of secondary) index.add(keys, record);
    this.records.add(record);
    return record;
  }

  /** Replaces a record's document (same `_id`). Throws E11000 without changing anything. */
  replace(record: DocRecord, bytes: Buffer, newForms = new DocForms(bytes)): void {
    if (this.bulkLoading) {
      record.bson = bytes;
      return;
    }
    const oldForms = new DocForms(record.bson as Buffer);
    const changes: [CollectionIndex, string[], string[]][] = [];
    for (const index of this.indexes.values()) {
      if (index === this.idIndex) continue;
      const before = index.keysFor(oldForms, record.rid).keys;
      const after = index.keysFor(newForms, record.rid);
      const removed = before.filter((k) => !after.keys.includes(k));
      const added: string[] = [];
      for (let i = 0; i < after.keys.length; i++) {
        const k = after.keys[i];
        if (before.includes(k)) continue;
        if (index.unique && index.conflict(k, record)) throw duplicateKeyError(this.ns, index, index.valuesFor(newForms, record.rid, k));
        added.push(k);
      }
      if (removed.length || added.length) changes.push([index, removed, added]);
    }
    for (const [index, removed, added] of changes) {
      index.delete(removed);
      index.add(added, record);
    }
    record.bson = bytes;
  }

  remove(record: DocRecord): void {
    if (!record.bson) return;
    const forms = new DocForms(record.bson);
    for (const index of this.indexes.values()) {
      if (index === this.idIndex) index.delete([record.idKey]);
      else if (!this.bulkLoading) index.delete(index.keysFor(forms, record.rid).keys);
    }
    this.records.delete(record);
    deletedDocs.add(record.bson);
    record.bson = null;
  }

  /** Builds an index over the existing documents; throws E11000 (and adds nothing) on a conflict. */
  addIndex(index: CollectionIndex): void {
    if (!this.bulkLoading) {
      const dup = index.rebuild(this.records);
      if (dup && index.unique) {
        throw duplicateKeyError(this.ns, index, index.valuesFor(new DocForms(dup.record.bson as Buffer), dup.record.rid, dup.duplicate));
      }
    }
    this.indexes.set(index.name, index);
  }

  dropIndex(name: string): void {
    this.indexes.delete(name);
  }

  clear(): void {
    for (const record of this.records) {
      if (record.bson) deletedDocs.add(record.bson);
      record.bson = null;
    }
    this.records.clear();
    for (const index of this.indexes.values()) {
      index.tree.clear();
      index.version++;
    }
  }
}
