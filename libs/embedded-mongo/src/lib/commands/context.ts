import { type Document, Long } from 'bson';
import { DocSource, takeBatch, type CursorManager } from '../cursors';
import { ErrorCode, MongoServerError, badValue, typeMismatch } from '../errors';
import { validateCollectionName } from '../storage/catalog';
import type { Store, WriteBatch } from '../storage/store';
import { buildCursorReply } from '../wire/cursor-reply';

/** Process-wide facts and counters that server-info commands report. */
export interface ServerState {
  startedAt: number;
  host: string;
  connections: { current: number; totalCreated: number };
  opcounters: { insert: number; query: number; update: number; delete: number; getmore: number; command: number };
  parameters: { ttlMonitorSleepSecs: number };
  dbPath?: string;
  /** Wakes the TTL monitor after its period changed. */
  onParametersChanged?: () => void;
}

export interface CommandContext {
  store: Store;
  cursors: CursorManager;
  server: ServerState;
  /** The database the command runs against (`$db`). */
  db: string;
  /** Ops this command produced; committed (made durable) before the reply is sent. */
  batch: WriteBatch;
  connectionId: number;
  remoteAddress: string;
  /** The command's `lsid.id`, if any (see sessionKey). */
  lsid?: unknown;
}

export type CommandReply = Document | Buffer;
export type CommandHandler = (cmd: Document, ctx: CommandContext) => CommandReply;

/** The session id as hex, computed only when a cursor needs to remember its session. */
export function sessionKey(ctx: CommandContext): string | undefined {
  const id = ctx.lsid as { toString(enc: string): string } | undefined;
  return id && typeof id.toString === 'function' ? id.toString('hex') : undefined;
}

/** A number from any numeric BSON form, or undefined. */
export function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (v !== null && typeof v === 'object') {
    const t = (v as { _bsontype?: string })._bsontype;
    if (t === 'Int32' || t === 'Double') return (v as { value: number }).value;
    if (t === 'Long') return (v as Long).toNumber();
    if (t === 'Decimal128') return Number(String(v));
  }
  return undefined;
}

export function intArg(cmd: Document, field: string, fallback: number): number {
  const v = cmd[field];
  if (v === undefined || v === null) return fallback;
  const n = asNumber(v);
  if (n === undefined || !Number.isFinite(n)) throw typeMismatch(`BSON field '${field}' is the wrong type '${typeof v}', expected a number`);
  return Math.trunc(n);
}

export function boolArg(cmd: Document, field: string, fallback = false): boolean {
  const v = cmd[field];
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'boolean') return v;
  const n = asNumber(v);
  if (n !== undefined) return n !== 0;
  throw typeMismatch(`BSON field '${field}' is the wrong type, expected a boolean`);
}

export function docArg(cmd: Document, field: string): Document | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v) || (v as { _bsontype?: string })._bsontype !== undefined) {
    throw typeMismatch(`BSON field '${field}' is the wrong type, expected an object`);
  }
  return v as Document;
}

/** The collection name given as the command's first value. */
export function collectionArg(cmd: Document, ctx: CommandContext): string {
  const name = cmd[Object.keys(cmd)[0]];
  if (typeof name !== 'string') {
    throw new MongoServerError(ErrorCode.InvalidNamespace, `collection name has invalid type ${typeof name}`);
  }
  return validateCollectionName(ctx.db, name);
}

export function nonNegative(n: number, field: string): number {
  if (n < 0) throw badValue(`${field} must be non-negative, but received: ${n}`);
  return n;
}

/**
 * Builds a cursor reply from a lazy source: the first batch now, the rest kept as a server cursor
 * (id 0 when nothing is left or the client wanted a single batch).
 */
export function cursorReply(
  ctx: CommandContext,
  ns: string,
  source: Iterator<Buffer>,
  batchSize: number,
  singleBatch = false,
): Buffer {
  const docSource = source instanceof DocSource ? source : new DocSource(source);
  const { docs, exhausted } = takeBatch(docSource, batchSize);
  let id = Long.ZERO;
  if (!exhausted && !singleBatch) id = ctx.cursors.open(ns, docSource, sessionKey(ctx)).id;
  else docSource.return();
  return buildCursorReply('firstBatch', docs, id, ns);
}
