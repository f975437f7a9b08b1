import type { Document } from 'bson';
import { Query } from './mingo';
import { exactToView } from '../bson/forms';
import { badValue, typeMismatch } from '../errors';
import { mingoOptions } from './mingo-context';

/** A compiled query predicate over view-form documents. */
export interface Filter {
  /** True when the filter matches everything (`{}` or absent). */
  readonly matchesAll: boolean;
  /** The filter in view form (what mingo sees). */
  readonly view: Document;
  /** The filter as the client sent it (exact form). */
  readonly exact: Document;
  test(view: Document): boolean;
}

const UNSUPPORTED = new Set(['$text', '$near', '$nearSphere', '$geoWithin', '$geoIntersects', '$where']);

function rejectUnsupported(filter: unknown): void {
  if (filter === null || typeof filter !== 'object') return;
  if (Array.isArray(filter)) {
    filter.forEach(rejectUnsupported);
    return;
  }
  if ((filter as { _bsontype?: unknown })._bsontype !== undefined) return;
  for (const [k, v] of Object.entries(filter)) {
    if (UNSUPPORTED.has(k)) throw badValue(`${k} is not supported by the embedded engine`);
    rejectUnsupported(v);
  }
}

export function compileFilter(exact: unknown): Filter {
  if (exact === undefined || exact === null) exact = {};
  if (typeof exact !== 'object' || Array.isArray(exact) || (exact as { _bsontype?: unknown })._bsontype) {
    throw typeMismatch('filter must be an object');
  }
  const exactDoc = exact as Document;
  if (Object.keys(exactDoc).length === 0) {
    return { matchesAll: true, view: {}, exact: exactDoc, test: () => true };
  }
  rejectUnsupported(exactDoc);
  const view = exactToView(exactDoc) as Document;
  let query: Query;
  try {
    query = new Query(view, mingoOptions());
  } catch (err) {
    throw badValue((err as Error).message);
  }
  return {
    matchesAll: false,
    view,
    exact: exactDoc,
    test: (doc) => {
      try {
        return query.test(doc);
      } catch (err) {
        throw badValue((err as Error).message);
      }
    },
  };
}
