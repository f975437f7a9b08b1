import type { Document } from 'bson';
import { toExact } from '../bson/forms';
import { encodeValue } from '../bson/key-string';
import { collectPathValues } from '../bson/paths';
import { badValue } from '../errors';
import { executeFind } from '../query/executor';
import { compileFilter } from '../query/filter';
import { type CommandHandler, collectionArg, docArg, intArg, nonNegative } from './context';
import { rejectCollation } from './find';

/** `count` (used by estimatedDocumentCount and legacy count). */
export const count: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, ctx);
  rejectCollation(cmd);
  const coll = ctx.store.collection(ctx.db, name);
  const filter = compileFilter(docArg(cmd, 'query'));
  const skip = nonNegative(intArg(cmd, 'skip', 0), 'skip');
  const limit = Math.abs(intArg(cmd, 'limit', 0));
  ctx.server.opcounters.command++;
  if (!coll) return { n: 0, ok: 1 };
  if (filter.matchesAll && cmd['hint'] === undefined) {
    const total = Math.max(0, coll.size - skip);
    return { n: limit > 0 ? Math.min(limit, total) : total, ok: 1 };
  }
  const { docs } = executeFind(coll, { filter, skip, limit, hint: cmd['hint'] });
  let n = 0;
  while (!docs.next().done) n++;
  return { n, ok: 1 };
};

/** `distinct`: the unique values of a field (array elements count individually), in BSON order. */
export const distinct: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, ctx);
  rejectCollation(cmd);
  const key = cmd['key'];
  if (typeof key !== 'string' || key.length === 0) throw badValue(`BSON field 'distinct.key' is missing but a required field`);
  const coll = ctx.store.collection(ctx.db, name);
  const filter = compileFilter(docArg(cmd, 'query'));
  if (!coll) return { values: [], ok: 1 };
  const parts = key.split('.');
  const seen = new Map<string, unknown>();
  for (const bytes of executeFind(coll, { filter, hint: cmd['hint'] }).docs) {
    for (const v of collectPathValues(toExact(bytes), parts).values) {
      if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
      const k = encodeValue(v);
      if (!seen.has(k)) seen.set(k, v);
    }
  }
  const values = [...seen.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, v]) => v);
  return { values, ok: 1 } as Document;
};
