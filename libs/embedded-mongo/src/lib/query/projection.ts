import type { Document } from 'bson';
import { Query } from './mingo';
import { exactToView, toBytes, viewToExact } from '../bson/forms';
import { badValue } from '../errors';
import { mingoOptions, PROJECTION_CONTEXT } from './mingo-context';
import { exactFormOf } from './view-docs';

/** Applies a find projection (via mingo) to a document and serializes the result. */
export interface Projector {
  apply(view: Document): Buffer;
}

export function compileProjection(projection: unknown, filterView: Document | undefined): Projector | undefined {
  if (projection === undefined || projection === null) return undefined;
  if (typeof projection !== 'object' || Array.isArray(projection)) throw badValue('projection must be an object');
  if (Object.keys(projection).length === 0) return undefined;
  const viewProjection = exactToView(projection) as Document;
  const positional = Object.keys(viewProjection).some((k) => k.endsWith('.$'));
  let query: Query;
  try {
    const plain = !positional && Object.values(viewProjection).every((v) => typeof v === 'number' || typeof v === 'boolean');
    query = new Query(positional && filterView ? filterView : {}, plain ? mingoOptions({}, PROJECTION_CONTEXT) : mingoOptions());
  } catch (err) {
    throw badValue((err as Error).message);
  }
  return {
    apply(view: Document): Buffer {
      let projected: Document | undefined;
      try {
        projected = query.find([view], viewProjection).next() as Document | undefined;
      } catch (err) {
        throw badValue((err as Error).message);
      }
      // Keep the stored BSON types of the fields that pass through unchanged.
      return toBytes(viewToExact(projected ?? {}, exactFormOf(view)) as Document);
    },
  };
}
