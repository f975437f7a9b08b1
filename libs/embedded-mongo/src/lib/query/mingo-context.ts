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

type Options = NonNullable<ConstructorParameters<typeof MingoQuery>[1]>;

export function mingoOptions(extra: Partial<Options> = {}): Partial<Options> {
  return { context: MINGO_CONTEXT, useStrictMode: true, scriptEnabled: false, ...extra };
}
