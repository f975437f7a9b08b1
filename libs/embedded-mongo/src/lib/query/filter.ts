import type { Document } from 'bson';
import { Query } from './mingo';
import { exactToView } from '../bson/forms';
import { badValue, typeMismatch } from '../errors';
import { mingoOptions, QUERY_CONTEXT } from './mingo-context';

/** A compiled query predicate over view-form documents. */
export interface Filter {
  /** True when the filter matches everything (`{}` or absent). */
  readonly matchesAll: boolean;
  /** The filter in view form (what mingo sees). */
  readonly view: Document;
  /** The filter as the client sent it (exact form). */
  readonly exact: Document;
  test(view: Document): boolean;
  /** Compiles the filter now, so that an invalid filter is reported even when no document is read. */
  validate(): void;
}

const UNSUPPORTED = new Set(['$text', '$near', '$nearSphere', '$geoWithin', '$geoIntersects', '$where']);

/** Refuses what the engine does not support; says whether the filter evaluates expressions (`$expr`). */
function rejectUnsupported(filter: unknown): boolean {
  if (filter === null || typeof filter !== 'object') return false;
  if (Array.isArray(filter)) return filter.map(rejectUnsupported).some(Boolean);
  if ((filter as { _bsontype?: unknown })._bsontype !== undefined) return false;
  let expressions = false;
  for (const [k, v] of Object.entries(filter)) {
    if (UNSUPPORTED.has(k)) throw badValue(`${k} is not supported by the embedded engine`);
    if (k === '$expr') expressions = true;
    if (rejectUnsupported(v)) expressions = true;
  }
  return expressions;
}

export function compileFilter(exact: unknown): Filter {
  if (exact === undefined || exact === null) exact = {};
  if (typeof exact !== 'object' || Array.isArray(exact) || (exact as { _bsontype?: unknown })._bsontype) {
    throw typeMismatch('filter must be an object');
  }
  const exactDoc = exact as Document;
  if (Object.keys(exactDoc).length === 0) {
    return { matchesAll: true, view: {}, exact: exactDoc, test: () => true, validate: () => undefined };
  }
  const expressions = rejectUnsupported(exactDoc);
  const view = exactToView(exactDoc) as Document;
  // Compiled on first use: a query the index answers exactly never needs it, and building a mingo
  // Query copies its whole operator context.
  let query: Query | undefined;
  const compiled = (): Query => {
    if (!query) {
      try {
        query = new Query(view, expressions ? mingoOptions() : mingoOptions({}, QUERY_CONTEXT));
      } catch (err) {
        throw badValue((err as Error).message);
      }
    }
    return query;
  };
  return {
    matchesAll: false,
    view,
    exact: exactDoc,
    validate: () => void compiled(),
    test: (doc) => {
      const q = compiled();
      try {
        return q.test(doc);
      } catch (err) {
        throw badValue((err as Error).message);
      }
    },
  };
}
