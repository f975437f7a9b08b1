import type { Document } from 'bson';
import { toExact, toBytes } from '../bson/forms';
import { ErrorCode, MongoServerError, badValue } from '../errors';
import { findMatches } from '../query/executor';
import { compileFilter } from '../query/filter';
import { applyUpdate, buildUpsert, classifyUpdate, type UpdateInput } from '../query/update';
import { DocForms } from '../storage/record';
import type { Collection } from '../storage/collection';
import { MAX_BSON_OBJECT_SIZE, MAX_WRITE_BATCH_SIZE } from '../wire/opcodes';
import { type CommandContext, type CommandHandler, boolArg, collectionArg, docArg } from './context';
import { rejectCollation } from './find';
import { withWriteErrors, writeError } from './write-errors';

export interface UpdateOutcome {
  matched: number;
  modified: number;
  upsertedId?: unknown;
  /** The document before and after the (last) change, for findAndModify. */
  before?: Buffer;
  after?: Buffer;
}

export function checkSize(bytes: Buffer): Buffer {
  if (bytes.length > MAX_BSON_OBJECT_SIZE) {
    throw new MongoServerError(ErrorCode.BSONObjectTooLarge, `Resulting document after update is larger than ${MAX_BSON_OBJECT_SIZE}`);
  }
  return bytes;
}

export function updateInputFrom(stmt: Document, u: unknown, filterView: Document, variables?: Document): UpdateInput {
  const kind = classifyUpdate(u);
  const arrayFilters = stmt['arrayFilters'];
  if (arrayFilters !== undefined && !Array.isArray(arrayFilters)) throw badValue('arrayFilters must be an array');
  return { kind, update: u as Document, arrayFilters: arrayFilters as Document[] | undefined, filterView, variables };
}

/** Runs one update statement; shared by `update` and `findAndModify`. */
export function runUpdate(
  ctx: CommandContext,
  coll: Collection | undefined,
  name: string,
  stmt: { q: Document | undefined; input: UpdateInput; multi: boolean; upsert: boolean; sort?: import('../query/sort').SortSpec; hint?: unknown },
): UpdateOutcome {
  const filter = compileFilter(stmt.q);
  const outcome: UpdateOutcome = { matched: 0, modified: 0 };
  const matches = coll ? findMatches(coll, filter, { sort: stmt.sort, limit: stmt.multi ? 0 : 1, hint: stmt.hint }) : [];
  for (const m of matches) {
    const record = m.record;
    const oldBytes = record.bson;
    if (!oldBytes) continue;
    outcome.matched++;
    // The view the filter was tested on is not needed again: the update consumes it instead of reading the bytes anew.
    const next = applyUpdate(oldBytes, toExact(oldBytes), stmt.input, m.view);
    const newBytes = checkSize(toBytes(next));
    outcome.before = oldBytes;
    outcome.after = oldBytes;
    if (newBytes.equals(oldBytes)) continue;
    ctx.store.replace(coll as Collection, record, newBytes, ctx.batch, new DocForms(newBytes));
    outcome.after = newBytes;
    outcome.modified++;
  }
  if (outcome.matched === 0 && stmt.upsert) {
    const doc = buildUpsert(stmt.q, stmt.input);
    const bytes = checkSize(toBytes(doc));
    const target = coll ?? ctx.store.ensureCollection(ctx.db, name, ctx.batch);
    ctx.store.insert(target, bytes, ctx.batch);
    outcome.upsertedId = doc['_id'];
    outcome.after = bytes;
  }
  return outcome;
}

export const update: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, ctx);
  const updates = cmd['updates'];
  if (!Array.isArray(updates)) throw badValue(`BSON field 'update.updates' is missing but a required field`);
  if (updates.length > MAX_WRITE_BATCH_SIZE) {
    throw new MongoServerError(ErrorCode.InvalidOptions, `Write batch sizes must be between 1 and ${MAX_WRITE_BATCH_SIZE}. Got ${updates.length} operations.`);
  }
  const ordered = boolArg(cmd, 'ordered', true);
  const variables = docArg(cmd, 'let');
  const errors: Document[] = [];
  const upserted: Document[] = [];
  let n = 0;
  let nModified = 0;
  for (let i = 0; i < updates.length; i++) {
    ctx.server.opcounters.update++;
    try {
      const stmt = updates[i] as Document;
      if (stmt === null || typeof stmt !== 'object') throw badValue('update statements must be objects');
      rejectCollation(stmt);
      const q = docArg(stmt, 'q');
      const filter = compileFilter(q);
      const input = updateInputFrom(stmt, stmt['u'], filter.view, variables);
      const multi = boolArg(stmt, 'multi');
      if (multi && input.kind === 'replacement') {
        throw new MongoServerError(ErrorCode.FailedToParse, 'multi update is not supported for replacement-style update');
      }
      const coll = ctx.store.collection(ctx.db, name);
      const r = runUpdate(ctx, coll, name, { q, input, multi, upsert: boolArg(stmt, 'upsert'), hint: stmt['hint'] });
      n += r.matched;
      nModified += r.modified;
      if (r.upsertedId !== undefined) {
        n++;
        upserted.push({ index: i, _id: r.upsertedId });
      }
    } catch (err) {
      errors.push(writeError(i, err));
      if (ordered) break;
    }
  }
  const reply: Document = { n, nModified };
  if (upserted.length) reply['upserted'] = upserted;
  reply['ok'] = 1;
  return withWriteErrors(reply, errors);
};
