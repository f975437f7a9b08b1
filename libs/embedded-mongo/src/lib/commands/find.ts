import { type Document, Long } from 'bson';
import { DocSource, takeBatch } from '../cursors';
import { ErrorCode, MongoServerError, badValue } from '../errors';
import { executeFind, type FindSpec } from '../query/executor';
import { compileFilter } from '../query/filter';
import { compileProjection } from '../query/projection';
import { parseSort } from '../query/sort';
import { buildCursorReply } from '../wire/cursor-reply';
import {
  type CommandContext,
  type CommandHandler,
  asNumber,
  boolArg,
  collectionArg,
  cursorReply,
  docArg,
  intArg,
  nonNegative,
  sessionKey,
} from './context';

export const DEFAULT_BATCH_SIZE = 101;

export function rejectCollation(cmd: Document): void {
  const collation = cmd['collation'];
  if (collation === undefined || collation === null) return;
  if (typeof collation === 'object' && (collation as Document)['locale'] === 'simple') return;
  throw new MongoServerError(ErrorCode.NotImplemented, 'collation is not supported by the embedded engine');
}

/** Parses the query part shared by find, explain, count and findAndModify. */
export function parseFindSpec(cmd: Document): FindSpec {
  rejectCollation(cmd);
  const filter = compileFilter(docArg(cmd, 'filter'));
  const sort = parseSort(docArg(cmd, 'sort'));
  const projection = compileProjection(docArg(cmd, 'projection'), filter.view);
  const skip = nonNegative(intArg(cmd, 'skip', 0), 'skip');
  let limit = intArg(cmd, 'limit', 0);
  if (limit < 0) limit = -limit;
  return { filter, sort, skip, limit, projection, hint: cmd['hint'] };
}

function batchSizeOf(cmd: Document, fallback: number): number {
  if (cmd['batchSize'] === undefined || cmd['batchSize'] === null) return fallback;
  return nonNegative(intArg(cmd, 'batchSize', fallback), 'batchSize');
}

export const find: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, ctx);
  if (boolArg(cmd, 'tailable')) throw badValue('tailable cursors require a capped collection, which the embedded engine does not support');
  const spec = parseFindSpec(cmd);
  ctx.server.opcounters.query++;
  const coll = ctx.store.collection(ctx.db, name);
  const { docs } = executeFind(coll, spec);
  const singleBatch = boolArg(cmd, 'singleBatch') || intArg(cmd, 'limit', 0) < 0;
  const batchSize = batchSizeOf(cmd, DEFAULT_BATCH_SIZE);
  const ns = `${ctx.db}.${name}`;
  if (batchSize === 0 && !singleBatch) {
    const source = new DocSource(docs);
    const id = source.hasMore() ? ctx.cursors.open(ns, source, sessionKey(ctx)).id : Long.ZERO;
    return buildCursorReply('firstBatch', [], id, ns);
  }
  return cursorReply(ctx, ns, docs, batchSize, singleBatch);
};

export const getMore: CommandHandler = (cmd, ctx) => {
  const raw = cmd['getMore'];
  const id = raw instanceof Long ? raw : typeof asNumber(raw) === 'number' ? Long.fromNumber(asNumber(raw) as number) : undefined;
  if (!id) throw new MongoServerError(ErrorCode.TypeMismatch, `Field 'getMore' must be of type long in: ${JSON.stringify(cmd)}`);
  const collection = cmd['collection'];
  if (typeof collection !== 'string') throw new MongoServerError(ErrorCode.TypeMismatch, `Field 'collection' must be of type string`);
  ctx.server.opcounters.getmore++;
  const cursor = ctx.cursors.get(id);
  if (!cursor) throw new MongoServerError(ErrorCode.CursorNotFound, `cursor id ${id.toString()} not found`);
  const ns = `${ctx.db}.${collection}`;
  if (cursor.ns !== ns) {
    throw new MongoServerError(ErrorCode.Unauthorized, `Requested getMore on namespace '${ns}', but cursor belongs to a different namespace ${cursor.ns}`);
  }
  cursor.lastUsed = Date.now();
  const { docs, exhausted } = takeBatch(cursor.source, batchSizeOf(cmd, 0));
  if (exhausted) ctx.cursors.kill(cursor.id);
  return buildCursorReply('nextBatch', docs, exhausted ? Long.ZERO : cursor.id, ns);
};

export const killCursors: CommandHandler = (cmd, ctx: CommandContext) => {
  collectionArg(cmd, ctx);
  const ids = cmd['cursors'];
  if (!Array.isArray(ids)) throw new MongoServerError(ErrorCode.TypeMismatch, `Field 'cursors' must be an array`);
  const killed: Long[] = [];
  const notFound: Long[] = [];
  for (const raw of ids) {
    const id = raw instanceof Long ? raw : Long.fromNumber(asNumber(raw) ?? 0);
    (ctx.cursors.kill(id) ? killed : notFound).push(id);
  }
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
};
