import { EJSON, type Document } from 'bson';
import { ErrorCode, MongoServerError } from '../errors';
import type { CollectionIndex } from './collection-index';

function formatValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  try {
    return EJSON.stringify(v as Document, { relaxed: true });
  } catch {
    return String(v);
  }
}

/** The E11000 error a unique index raises, with the `keyPattern`/`keyValue` that Mongoose reads. */
export function duplicateKeyError(ns: string, index: CollectionIndex, values: readonly unknown[]): MongoServerError {
  const keyValue: Document = {};
  index.fields.forEach((f, i) => {
    const v = values[i];
    keyValue[f.path] = typeof v === 'symbol' ? undefined : v;
  });
  const shown = index.fields.map((f, i) => `${f.path}: ${formatValue(keyValue[f.path] ?? values[i])}`).join(', ');
  return new MongoServerError(
    ErrorCode.DuplicateKey,
    `E11000 duplicate key error collection: ${ns} index: ${index.name} dup key: { ${shown} }`,
    { keyPattern: index.keyPattern, keyValue },
  );
}
