import type { Document } from 'bson';
import { ErrorCode, MongoServerError, badValue } from '../errors';
import { findMatches } from '../query/executor';
import { compileFilter } from '../query/filter';
import { MAX_WRITE_BATCH_SIZE } from '../wire/opcodes';
import { type CommandHandler, boolArg, collectionArg, docArg, intArg } from './context';
import { rejectCollation } from './find';
import { withWriteErrors, writeError } from './write-errors';

export const deleteCommand: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, ctx);
  const deletes = cmd['deletes'];
  if (!Array.isArray(deletes)) throw badValue(`BSON field 'delete.deletes' is missing but a required field`);
  if (deletes.length > MAX_WRITE_BATCH_SIZE) {
    throw new MongoServerError(ErrorCode.InvalidOptions, `Write batch sizes must be between 1 and ${MAX_WRITE_BATCH_SIZE}. Got ${deletes.length} operations.`);
  }
  const ordered = boolArg(cmd, 'ordered', true);
  const errors: Document[] = [];
  let n = 0;
  for (let i = 0; i < deletes.length; i++) {
    ctx.server.opcounters.delete++;
    try {
      const stmt = deletes[i] as Document;
      if (stmt === null || typeof stmt !== 'object') throw badValue('delete statements must be objects');
      rejectCollation(stmt);
      const filter = compileFilter(docArg(stmt, 'q'));
      const limit = intArg(stmt, 'limit', 0);
      if (limit !== 0 && limit !== 1) throw badValue(`The limit field in delete objects must be 0 or 1. Got ${limit}`);
      const coll = ctx.store.collection(ctx.db, name);
      if (!coll) continue;
      for (const m of findMatches(coll, filter, { limit, hint: stmt['hint'] })) {
        ctx.store.remove(coll, m.record, ctx.batch);
        n++;
      }
    } catch (err) {
      errors.push(writeError(i, err));
      if (ordered) break;
    }
  }
  return withWriteErrors({ n, ok: 1 }, errors);
};
