import type { Document } from 'bson';
import { toExact, toView } from '../bson/forms';

const SOURCE = Symbol('bsonSource');
const EXACT_CACHE = Symbol('exactForm');

interface Linked {
  [SOURCE]?: Uint8Array;
  [EXACT_CACHE]?: Document;
}

/**
 * Deserializes stored bytes into the view form mingo evaluates, remembering the bytes (in a hidden,
 * non-enumerable property) so that type-exact operators can read the exact form when they need it.
 */
export function viewOf(bytes: Uint8Array): Document {
  const view = toView(bytes);
  Object.defineProperty(view, SOURCE, { value: bytes, enumerable: false, writable: true });
  return view;
}

/** The exact form of a document produced by `viewOf`, or undefined for any other object. */
export function exactFormOf(obj: unknown): Document | undefined {
  if (obj === null || typeof obj !== 'object') return undefined;
  const linked = obj as Linked;
  const bytes = linked[SOURCE];
  if (!bytes) return undefined;
  if (!linked[EXACT_CACHE]) {
    Object.defineProperty(linked, EXACT_CACHE, { value: toExact(bytes), enumerable: false, writable: true });
  }
  return linked[EXACT_CACHE];
}
