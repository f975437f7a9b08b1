import type { Query as MingoQuery } from 'mingo';
import {
  Context,
  Lazy,
  type LazyIterator,
  accumulatorOperators,
  expressionOperators,
  pipelineOperators,
  projectionOperators,
  queryOperators,
  resolve,
  windowOperators,
} from './mingo';
import { bsonTypeMatches } from '../bson/type-names';
import { parseSort, sortDocuments } from './sort';
import { exactFormOf } from './view-docs';

/**
 * `$type` with BSON precision: when the tested object is a stored document, the type is read from its
 * exact form (so int, long and double differ, and objectId, binData, timestamp... are known); elsewhere it
 * falls back to what the view value shows.
 */
function $type(selector: string, value: unknown): (obj: unknown) => boolean {
  const wanted = Array.isArray(value) ? value : [value];
  return (obj: unknown) => {
    const exact = exactFormOf(obj);
    const target = exact ?? obj;
    const v = resolve(target as Record<string, unknown>, selector);
    return bsonTypeMatches(v, wanted);
  };
}

/** `$sort` in MongoDB's cross-type order (the same key strings as find's sort). */
function $sort(collection: LazyIterator, expr: unknown): LazyIterator {
  const spec = parseSort(expr);
  if (!spec) return collection;
  const docs = collection.collect() as Record<string, unknown>[];
  return Lazy(sortDocuments(docs, (d) => d, spec));
}

/** All mingo operators, with the engine's `$type` taking precedence (the first registration wins). */
export const MINGO_CONTEXT = Context.init({ query: { $type } as never, pipeline: { $sort } as never })
  .addAccumulatorOps(accumulatorOperators as never)
  .addExpressionOps(expressionOperators as never)
  .addPipelineOps(pipelineOperators as never)
  .addProjectionOps(projectionOperators as never)
  .addQueryOps(queryOperators as never)
  .addWindowOps(windowOperators as never);

/**
 * Every mingo Query, update and aggregation copies the whole context it is given, so the context is kept to what
 * the work needs: a filter without `$expr` needs only the query operators (about a tenth of them all)...
 */
export const QUERY_CONTEXT = Context.init({ query: { $type } as never }).addQueryOps(queryOperators as never);

/** A projection of plain inclusions and exclusions (`{ a: 1, b: 0 }`) needs no more than the query operators. */
export const PROJECTION_CONTEXT = Context.init({ query: { $type } as never })
  .addQueryOps(queryOperators as never)
  .addProjectionOps(projectionOperators as never);

/**
 * ...and an operator update ($set, $inc, ...) needs none: mingo's updater adds the query, comparison and boolean
 * operators it uses itself (the engine's `$type` is kept first, for `arrayFilters`).
 */
export const UPDATE_CONTEXT = Context.init({ query: { $type } as never });

type Options = NonNullable<ConstructorParameters<typeof MingoQuery>[1]>;

export function mingoOptions(extra: Partial<Options> = {}, context: typeof MINGO_CONTEXT = MINGO_CONTEXT): Partial<Options> {
  return { context, useStrictMode: true, scriptEnabled: false, ...extra };
}
