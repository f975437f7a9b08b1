import { type Document, deserialize } from 'bson';
import { EXACT } from '../bson/forms';
import { ErrorCode, MongoServerError } from '../errors';
import { findMatches } from '../query/executor';
import { compileFilter } from '../query/filter';
import { compileProjection } from '../query/projection';
import { parseSort } from '../query/sort';
import { viewOf } from '../query/view-docs';
import { type CommandHandler, boolArg, collectionArg, docArg } from './context';
import { rejectCollation } from './find';
import { runUpdate, updateInputFrom } from './update';

/** `findAndModify` (also `findandmodify`): update, replace, upsert or remove one document and return it. */
export const findAndModify: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, ctx);
  rejectCollation(cmd);
  const q = docArg(cmd, 'query');
  const filter = compileFilter(q);
  const sort = parseSort(docArg(cmd, 'sort'));
  const remove = boolArg(cmd, 'remove');
  const upsert = boolArg(cmd, 'upsert');
  const returnNew = boolArg(cmd, 'new');
  const u = cmd['update'];
  if (remove && u !== undefined) throw new MongoServerError(ErrorCode.FailedToParse, 'Cannot specify both an update and remove=true');
  if (remove && upsert) throw new MongoServerError(ErrorCode.FailedToParse, 'Cannot specify both upsert=true and remove=true');
  if (remove && returnNew) throw new MongoServerError(ErrorCode.FailedToParse, 'Cannot specify both new=true and remove=true; \'remove\' always returns the deleted document');
  if (!remove && u === undefined) throw new MongoServerError(ErrorCode.FailedToParse, 'Either an update or remove=true must be specified');
  const projection = compileProjection(docArg(cmd, 'fields'), filter.view);
  const present = (bytes: Buffer | undefined): Document | null => {
    if (!bytes) return null;
    return deserialize(projection ? projection.apply(viewOf(bytes)) : bytes, EXACT);
  };
  const coll = ctx.store.collection(ctx.db, name);

  if (remove) {
    ctx.server.opcounters.delete++;
    const [m] = coll ? findMatches(coll, filter, { sort, limit: 1, hint: cmd['hint'] }) : [];
    if (!m || !coll) return { lastErrorObject: { n: 0 }, value: null, ok: 1 };
    ctx.store.remove(coll, m.record, ctx.batch);
    return { lastErrorObject: { n: 1 }, value: present(m.bytes), ok: 1 };
  }

  ctx.server.opcounters.update++;
  const input = updateInputFrom(cmd, u, filter.view, docArg(cmd, 'let'));
  const r = runUpdate(ctx, coll, name, { q, input, multi: false, upsert, sort, hint: cmd['hint'] });
  const lastErrorObject: Document = { n: r.matched > 0 || r.upsertedId !== undefined ? 1 : 0, updatedExisting: r.matched > 0 };
  if (r.upsertedId !== undefined) lastErrorObject['upserted'] = r.upsertedId;
  const value = returnNew ? present(r.after) : r.upsertedId !== undefined ? null : present(r.before);
  return { lastErrorObject, value, ok: 1 };
};
