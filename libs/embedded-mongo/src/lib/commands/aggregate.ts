import type { Document } from 'bson';
import { Aggregator } from '../query/mingo';
import { exactToView, toBytes } from '../bson/forms';
import { isPlainObject } from '../bson/paths';
import { ErrorCode, MongoServerError, badValue } from '../errors';
import { executeFind, type Execution, type FindSpec } from '../query/executor';
import { compileFilter } from '../query/filter';
import { mingoOptions } from '../query/mingo-context';
import { parseSort } from '../query/sort';
import { viewOf } from '../query/view-docs';
import { prepareInsert } from './insert';
import { type CommandContext, type CommandHandler, asNumber, boolArg, cursorReply, docArg, intArg } from './context';
import { DEFAULT_BATCH_SIZE, rejectCollation } from './find';

const UNSUPPORTED_STAGES = new Set([
  '$search',
  '$searchMeta',
  '$vectorSearch',
  '$geoNear',
  '$collStats',
  '$indexStats',
  '$currentOp',
  '$listSessions',
  '$listLocalSessions',
  '$changeStream',
  '$planCacheStats',
  '$merge',
]);

export interface AggregatePlan {
  /** Leading $match/$sort/$skip/$limit stages, run by the engine's planner. */
  find: FindSpec;
  /** The remaining stages, run by mingo. */
  rest: Document[];
  /** Target of a final $out stage. */
  out?: { db: string; coll: string };
}

function stageName(stage: unknown, i: number): string {
  if (!isPlainObject(stage)) throw new MongoServerError(ErrorCode.TypeMismatch, `Each element of the 'pipeline' array must be an object`);
  const keys = Object.keys(stage);
  if (keys.length !== 1) throw new MongoServerError(40323, 'A pipeline stage specification object must contain exactly one field.');
  const name = keys[0];
  if (UNSUPPORTED_STAGES.has(name)) throw new MongoServerError(ErrorCode.NotImplemented, `${name} is not supported by the embedded engine`);
  if (name === '$out' && i >= 0) throw new MongoServerError(40601, '$out can only be the final stage in the pipeline');
  return name;
}

/** Splits a pipeline into the prefix the planner can serve and the rest for mingo. */
export function planPipeline(pipeline: Document[], db: string): AggregatePlan {
  const stages = [...pipeline];
  let out: AggregatePlan['out'];
  const last = stages[stages.length - 1];
  if (isPlainObject(last) && '$out' in last) {
    const target = last['$out'];
    if (typeof target === 'string') out = { db, coll: target };
    else if (isPlainObject(target) && typeof target['coll'] === 'string') out = { db: typeof target['db'] === 'string' ? target['db'] : db, coll: target['coll'] };
    else throw badValue('$out requires a collection name');
    stages.pop();
  }
  stages.forEach((s, i) => stageName(s, i === stages.length ? -1 : i));
  const find: FindSpec = { filter: compileFilter({}) };
  let i = 0;
  if (i < stages.length && '$match' in stages[i]) {
    const match = stages[i]['$match'];
    if (!isPlainObject(match)) throw badValue('the match filter must be an expression in an object');
    find.filter = compileFilter(match);
    i++;
  }
  if (i < stages.length && '$sort' in stages[i]) {
    find.sort = parseSort(stages[i]['$sort']);
    i++;
  }
  if (i < stages.length && '$skip' in stages[i] && asNumber(stages[i]['$skip']) !== undefined) {
    find.skip = asNumber(stages[i]['$skip']);
    i++;
  }
  if (i < stages.length && '$limit' in stages[i] && asNumber(stages[i]['$limit']) !== undefined) {
    const limit = asNumber(stages[i]['$limit']) as number;
    if (limit <= 0) throw badValue('the limit must be positive');
    find.limit = limit;
    i++;
  }
  return { find, rest: stages.slice(i), out };
}

function resolverFor(ctx: CommandContext): (name: string) => Document[] {
  const cache = new Map<string, Document[]>();
  return (name: string) => {
    let docs = cache.get(name);
    if (!docs) {
      const coll = ctx.store.collection(ctx.db, name);
      docs = coll ? [...coll.records].filter((r) => r.bson).map((r) => viewOf(r.bson as Buffer)) : [];
      cache.set(name, docs);
    }
    return docs;
  };
}

/** Runs a pipeline lazily and yields BSON results; stored bytes pass through when mingo has nothing to do. */
export function runPipeline(ctx: CommandContext, collName: string | undefined, pipeline: Document[], variables?: Document): { exec: Execution; docs: Generator<Buffer> } {
  const plan = planPipeline(pipeline, ctx.db);
  const coll = collName === undefined ? undefined : ctx.store.collection(ctx.db, collName);
  const exec = executeFind(coll, plan.find);
  if (plan.rest.length === 0) return { exec, docs: exec.docs };
  const counted = countStage(plan.rest);
  if (counted) return { exec, docs: countDocs(exec.docs, counted) };
  const options = mingoOptions({
    collectionResolver: resolverFor(ctx),
    ...(variables ? { variables: exactToView(variables) as Document } : {}),
  });
  let agg: Aggregator;
  try {
    agg = new Aggregator(exactToView(plan.rest) as Document[], options);
  } catch (err) {
    throw badValue((err as Error).message);
  }
  function* views(): Generator<Document> {
    for (const bytes of exec.docs) yield viewOf(bytes);
  }
  function* results(): Generator<Buffer> {
    let it;
    try {
      it = agg.stream(views());
    } catch (err) {
      throw translateMingoError(err);
    }
    for (;;) {
      let next;
      try {
        next = it.next();
      } catch (err) {
        throw translateMingoError(err);
      }
      if (next.done) return;
      yield toBytes(next.value as Document);
    }
  }
  return { exec, docs: results() };
}

/**
 * The stage countDocuments ends with, `{ $group: { _id: <constant>, n: { $sum: 1 } } }`: counted
 * without materializing documents.
 */
function countStage(rest: Document[]): { id: unknown; field: string } | undefined {
  if (rest.length !== 1 || !isPlainObject(rest[0]['$group'])) return undefined;
  const group = rest[0]['$group'] as Document;
  const keys = Object.keys(group);
  if (keys.length !== 2 || keys[0] !== '_id') return undefined;
  const id = group['_id'];
  if (typeof id === 'string' || isPlainObject(id) || Array.isArray(id)) return undefined;
  const acc = group[keys[1]];
  if (!isPlainObject(acc) || Object.keys(acc).length !== 1 || asNumber(acc['$sum']) !== 1) return undefined;
  return { id, field: keys[1] };
}

function* countDocs(docs: Iterator<Buffer>, stage: { id: unknown; field: string }): Generator<Buffer> {
  let n = 0;
  while (!docs.next().done) n++;
  if (n > 0) yield toBytes({ _id: stage.id, [stage.field]: n });
}

function translateMingoError(err: unknown): MongoServerError {
  if (err instanceof MongoServerError) return err;
  const message = (err as Error).message ?? String(err);
  const m = /unregistered pipeline operator (\$\w+)/.exec(message);
  if (m) return new MongoServerError(40324, `Unrecognized pipeline stage name: '${m[1]}'`);
  return badValue(message);
}

export const aggregate: CommandHandler = (cmd, ctx) => {
  const target = cmd['aggregate'];
  let collName: string | undefined;
  if (typeof target === 'string') collName = target;
  else if (asNumber(target) !== 1) throw new MongoServerError(ErrorCode.InvalidNamespace, `Invalid 'aggregate' argument`);
  rejectCollation(cmd);
  const pipeline = cmd['pipeline'];
  if (!Array.isArray(pipeline)) throw new MongoServerError(ErrorCode.TypeMismatch, `'pipeline' option must be specified as an array`);
  const cursorOpt = docArg(cmd, 'cursor');
  if (!cursorOpt && !boolArg(cmd, 'explain')) {
    throw new MongoServerError(ErrorCode.FailedToParse, `The 'cursor' option is required, except for aggregate with the explain argument`);
  }
  ctx.server.opcounters.command++;
  const plan = planPipeline(pipeline as Document[], ctx.db);
  const { docs } = runPipeline(ctx, collName, pipeline as Document[], docArg(cmd, 'let'));
  if (plan.out) {
    writeOut(ctx, plan.out, docs);
    return cursorReply(ctx, `${ctx.db}.${collName ?? '$cmd.aggregate'}`, [][Symbol.iterator](), 0);
  }
  const batchSize = cursorOpt && cursorOpt['batchSize'] !== undefined ? intArg(cursorOpt, 'batchSize', DEFAULT_BATCH_SIZE) : DEFAULT_BATCH_SIZE;
  return cursorReply(ctx, `${ctx.db}.${collName ?? '$cmd.aggregate'}`, docs, batchSize);
};

/** `$out`: replaces the target collection's documents with the results (indexes are kept). */
function writeOut(ctx: CommandContext, out: { db: string; coll: string }, docs: Iterable<Buffer>): void {
  const results = [...docs];
  const target = ctx.store.ensureCollection(out.db, out.coll, ctx.batch);
  for (const r of [...target.records]) ctx.store.remove(target, r, ctx.batch);
  for (const bytes of results) {
    const forms = prepareInsert(bytes);
    ctx.store.insert(target, forms.bytes, ctx.batch, forms);
  }
}
