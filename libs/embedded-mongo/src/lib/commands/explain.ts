import type { Document } from 'bson';
import { ErrorCode, MongoServerError, badValue } from '../errors';
import { executeFind, type Execution, type FindSpec } from '../query/executor';
import { compileFilter } from '../query/filter';
import type { Plan } from '../storage/planner';
import { planPipeline, runPipeline } from './aggregate';
import { type CommandContext, type CommandHandler, docArg } from './context';
import { parseFindSpec } from './find';
import { SERVER_VERSION } from './server-info';

const VERBOSITIES = new Set(['queryPlanner', 'executionStats', 'allPlansExecution']);

/** The plan as a tree of MongoDB-style stages (LIMIT > SKIP > SORT > FETCH > IXSCAN, or COLLSCAN). */
function stageTree(plan: Plan, spec: FindSpec, stats?: Execution['stats']): Document {
  let stage: Document;
  const filter = spec.filter.matchesAll || plan.filterCovered ? undefined : spec.filter.exact;
  if (plan.stage === 'COLLSCAN') {
    stage = { stage: 'COLLSCAN', ...(filter ? { filter } : {}), direction: plan.direction > 0 ? 'forward' : 'backward' };
    if (stats) Object.assign(stage, { nReturned: stats.nReturned, docsExamined: stats.docsExamined });
  } else {
    const index = plan.index;
    const ixscan: Document = {
      stage: 'IXSCAN',
      keyPattern: index?.keyPattern,
      indexName: index?.name,
      isMultiKey: index?.multikey ?? false,
      isUnique: index?.unique ?? false,
      isSparse: index?.sparse ?? false,
      isPartial: index?.partial !== undefined,
      direction: plan.direction > 0 ? 'forward' : 'backward',
      indexBounds: plan.indexBounds ?? {},
    };
    if (stats) ixscan['keysExamined'] = stats.keysExamined;
    stage = { stage: 'FETCH', ...(filter ? { filter } : {}), inputStage: ixscan };
    if (stats) stage['docsExamined'] = stats.docsExamined;
  }
  if (spec.sort && !plan.providesSort) {
    stage = { stage: 'SORT', sortPattern: Object.fromEntries(spec.sort.map((f) => [f.path, f.dir])), memLimit: 104857600, type: 'simple', inputStage: stage };
  }
  if (spec.skip) stage = { stage: 'SKIP', skipAmount: spec.skip, inputStage: stage };
  if (spec.limit) stage = { stage: 'LIMIT', limitAmount: spec.limit, inputStage: stage };
  if (spec.projection) stage = { stage: 'PROJECTION_DEFAULT', inputStage: stage };
  return stage;
}

function explainReply(ctx: CommandContext, ns: string, spec: FindSpec, exec: Execution, verbosity: string, started: number, command: Document): Document {
  const reply: Document = {
    explainVersion: '1',
    queryPlanner: {
      namespace: ns,
      indexFilterSet: false,
      parsedQuery: spec.filter.exact,
      winningPlan: stageTree(exec.plan, spec),
      rejectedPlans: [],
    },
  };
  if (verbosity !== 'queryPlanner') {
    reply['executionStats'] = {
      executionSuccess: true,
      nReturned: exec.stats.nReturned,
      executionTimeMillis: Date.now() - started,
      totalKeysExamined: exec.stats.keysExamined,
      totalDocsExamined: exec.stats.docsExamined,
      executionStages: stageTree(exec.plan, spec, exec.stats),
    };
  }
  reply['command'] = command;
  reply['serverInfo'] = { host: ctx.server.host, port: 0, version: SERVER_VERSION, gitVersion: 'embedded' };
  reply['ok'] = 1;
  return reply;
}

function drain(docs: Iterator<Buffer>): void {
  for (let n = docs.next(); !n.done; n = docs.next()) {
    // executed only for its statistics
  }
}

export const explain: CommandHandler = (cmd, ctx) => {
  const inner = docArg(cmd, 'explain');
  if (!inner) throw badValue('explain requires a command object');
  const verbosity = typeof cmd['verbosity'] === 'string' ? cmd['verbosity'] : 'allPlansExecution';
  if (!VERBOSITIES.has(verbosity)) throw badValue(`verbosity string must be one of {'queryPlanner', 'executionStats', 'allPlansExecution'}`);
  const name = Object.keys(inner)[0];
  const collName = inner[name];
  if (typeof collName !== 'string' && name !== 'aggregate') throw badValue(`explain: invalid collection name for ${name}`);
  const coll = typeof collName === 'string' ? ctx.store.collection(ctx.db, collName) : undefined;
  const ns = `${ctx.db}.${String(collName)}`;
  const started = Date.now();
  const execute = verbosity !== 'queryPlanner';
  let spec: FindSpec;
  let exec: Execution;
  switch (name) {
    case 'find':
      spec = parseFindSpec(inner);
      exec = executeFind(coll, spec);
      if (execute) drain(exec.docs);
      return explainReply(ctx, ns, spec, exec, verbosity, started, inner);
    case 'count':
    case 'distinct': {
      spec = { filter: compileFilter(docArg(inner, 'query')), hint: inner['hint'] };
      exec = executeFind(coll, spec);
      if (execute) drain(exec.docs);
      return explainReply(ctx, ns, spec, exec, verbosity, started, inner);
    }
    case 'aggregate': {
      const pipeline = inner['pipeline'];
      if (!Array.isArray(pipeline)) throw badValue("'pipeline' must be an array");
      const plan = planPipeline(pipeline as Document[], ctx.db);
      const run = runPipeline(ctx, typeof collName === 'string' ? collName : undefined, pipeline as Document[]);
      if (execute) drain(run.docs);
      const reply = explainReply(ctx, ns, plan.find, run.exec, verbosity, started, inner);
      if (plan.rest.length) reply['stages'] = plan.rest;
      return reply;
    }
    case 'update':
    case 'delete': {
      const stmts = inner[name === 'update' ? 'updates' : 'deletes'];
      const first = Array.isArray(stmts) ? (stmts[0] as Document) : undefined;
      spec = { filter: compileFilter(first ? docArg(first, 'q') : undefined), hint: first?.['hint'] };
      return explainReply(ctx, ns, spec, executeFind(coll, spec), 'queryPlanner', started, inner);
    }
    case 'findAndModify':
    case 'findandmodify': {
      spec = { filter: compileFilter(docArg(inner, 'query')), limit: 1 };
      return explainReply(ctx, ns, spec, executeFind(coll, spec), 'queryPlanner', started, inner);
    }
    default:
      throw new MongoServerError(ErrorCode.CommandNotFound, `Explain failed due to unknown command: ${name}`);
  }
};
