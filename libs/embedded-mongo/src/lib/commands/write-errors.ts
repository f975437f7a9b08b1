import type { Document } from 'bson';
import { toServerError } from '../errors';

/** A write error entry as reported in `writeErrors`. */
export function writeError(index: number, err: unknown): Document {
  const e = toServerError(err);
  return { index, code: e.code, errmsg: e.message, ...e.extra };
}

/** Adds `writeErrors` to a write reply when there are any. */
export function withWriteErrors(reply: Document, errors: Document[]): Document {
  if (errors.length) reply['writeErrors'] = errors;
  return reply;
}
