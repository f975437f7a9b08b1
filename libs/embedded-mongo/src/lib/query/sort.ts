import type { Document } from 'bson';
import { EMPTY_ARRAY_KEY, encodeKey, encodeValue } from '../bson/key-string';
import { collectPathValues } from '../bson/paths';
import { badValue } from '../errors';

export interface SortField {
  path: string;
  parts: string[];
  dir: 1 | -1;
}

export type SortSpec = SortField[];

function numeric(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (v !== null && typeof v === 'object' && 'valueOf' in v) {
    const n = (v as { valueOf(): unknown }).valueOf();
    if (typeof n === 'number') return n;
    if (typeof (v as { toNumber?: () => number }).toNumber === 'function') return (v as { toNumber(): number }).toNumber();
  }
  return undefined;
}

/** Parses `{ field: 1 | -1, ... }`; returns undefined for an absent or empty spec. */
export function parseSort(spec: unknown): SortSpec | undefined {
  if (spec === undefined || spec === null) return undefined;
  if (typeof spec !== 'object' || Array.isArray(spec)) throw badValue('sort must be an object');
  const fields: SortField[] = [];
  for (const [path, raw] of Object.entries(spec as Document)) {
    if (raw !== null && typeof raw === 'object' && '$meta' in (raw as object)) {
      throw badValue(`$meta sort by ${String((raw as Document)['$meta'])} is not supported by the embedded engine`);
    }
    const n = numeric(raw);
    if (n !== 1 && n !== -1) throw badValue(`$sort key ordering must be 1 (for ascending) or -1 (for descending)`);
    fields.push({ path, parts: path.split('.'), dir: n });
  }
  return fields.length ? fields : undefined;
}

/**
 * The sort key of a document as a key string: for each field the smallest (ascending) or largest
 * (descending) value the field holds, in MongoDB's cross-type order.
 */
export function sortKeyOf(doc: Document, spec: SortSpec): string {
  const values: unknown[] = [];
  const dirs: number[] = [];
  for (const f of spec) {
    const { values: found } = collectPathValues(doc, f.parts);
    let best: unknown = found[0];
    if (found.length > 1) {
      let bestKey = encodeValue(valueForKey(best));
      for (let i = 1; i < found.length; i++) {
        const k = encodeValue(valueForKey(found[i]));
        if (f.dir === 1 ? k < bestKey : k > bestKey) {
          best = found[i];
          bestKey = k;
        }
      }
    }
    values.push(valueForKey(best));
    dirs.push(f.dir);
  }
  return encodeKey(values, dirs);
}

function valueForKey(v: unknown): unknown {
  return Array.isArray(v) && v.length === 0 ? EMPTY_ARRAY_KEY : v;
}

/** Sorts documents in place by their sort keys (computed once per document). */
export function sortDocuments<T>(items: T[], docOf: (item: T) => Document, spec: SortSpec): T[] {
  const keyed = items.map((item) => ({ item, key: sortKeyOf(docOf(item), spec) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (let i = 0; i < keyed.length; i++) items[i] = keyed[i].item;
  return items;
}
