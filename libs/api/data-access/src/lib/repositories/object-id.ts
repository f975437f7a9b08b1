import { Types } from 'mongoose';

/** The ObjectId of a 24-hex-digit string, or null for anything else (never a query operator). */
export function objectIdOrNull(id: unknown): Types.ObjectId | null {
  return typeof id === 'string' && /^[0-9a-f]{24}$/i.test(id) ? new Types.ObjectId(id) : null;
}

/** The ObjectId of a string the caller has validated; throws on anything else. */
export function toObjectId(id: string): Types.ObjectId {
  const oid = objectIdOrNull(id);
  if (!oid) throw new TypeError('expected a 24-hex-digit id');
  return oid;
}

/** The deterministic id of the conversation between two users: both ids, sorted, joined by `_`. */
export function conversationIdOf(a: string, b: string): string {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()].sort();
  return `${x}_${y}`;
}

/** Escapes a string for use as a literal inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
