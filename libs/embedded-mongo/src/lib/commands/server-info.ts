import { type Document, Long } from 'bson';
import * as os from 'node:os';
import { ErrorCode, MongoServerError, badValue } from '../errors';
import { MAX_BSON_OBJECT_SIZE, MAX_MESSAGE_SIZE_BYTES, MAX_WIRE_VERSION, MAX_WRITE_BATCH_SIZE } from '../wire/opcodes';
import { type CommandContext, type CommandHandler, asNumber } from './context';

export const SERVER_VERSION = '7.0.0';
const LOGICAL_SESSION_TIMEOUT_MINUTES = 30;

/** What a standalone mongod 7.0 answers to hello / isMaster (no topologyVersion: clients poll). */
function helloReply(cmd: Document, ctx: CommandContext, legacyName: boolean): Document {
  if (cmd['saslSupportedMechs'] !== undefined || cmd['speculativeAuthenticate'] !== undefined) {
    throw new MongoServerError(ErrorCode.AuthenticationFailed, 'Authentication is not supported: the embedded engine has no user accounts');
  }
  const reply: Document = {};
  if (cmd['helloOk'] === true) reply['helloOk'] = true;
  if (legacyName) reply['ismaster'] = true;
  else reply['isWritablePrimary'] = true;
  Object.assign(reply, {
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    maxMessageSizeBytes: MAX_MESSAGE_SIZE_BYTES,
    maxWriteBatchSize: MAX_WRITE_BATCH_SIZE,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: LOGICAL_SESSION_TIMEOUT_MINUTES,
    connectionId: ctx.connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  });
  return reply;
}

export const hello: CommandHandler = (cmd, ctx) => helloReply(cmd, ctx, false);
export const isMaster: CommandHandler = (cmd, ctx) => helloReply(cmd, ctx, true);

export const ping: CommandHandler = () => ({ ok: 1 });

export const buildInfo: CommandHandler = () => ({
  version: SERVER_VERSION,
  gitVersion: 'embedded',
  modules: [],
  allocator: 'system',
  javascriptEngine: 'none',
  sysInfo: 'deprecated',
  versionArray: [7, 0, 0, 0],
  bits: 64,
  debug: false,
  maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
  storageEngines: ['embedded'],
  ok: 1,
});

export const hostInfo: CommandHandler = () => ({
  system: { currentTime: new Date(), hostname: os.hostname(), cpuAddrSize: 64, memSizeMB: Math.round(os.totalmem() / 2 ** 20), numCores: os.cpus().length, cpuArch: os.arch() },
  os: { type: os.type(), name: os.platform(), version: os.release() },
  extra: {},
  ok: 1,
});

export const serverStatus: CommandHandler = (_cmd, ctx) => {
  const mem = process.memoryUsage();
  const s = ctx.server;
  return {
    host: s.host,
    version: SERVER_VERSION,
    process: 'mongod',
    pid: Long.fromNumber(process.pid),
    uptime: Math.floor((Date.now() - s.startedAt) / 1000),
    uptimeMillis: Long.fromNumber(Date.now() - s.startedAt),
    uptimeEstimate: Long.fromNumber(Math.floor((Date.now() - s.startedAt) / 1000)),
    localTime: new Date(),
    connections: { current: s.connections.current, available: 1_000_000, totalCreated: s.connections.totalCreated },
    opcounters: { ...s.opcounters },
    mem: { bits: 64, resident: Math.round(mem.rss / 2 ** 20), virtual: Math.round(mem.rss / 2 ** 20), supported: true },
    metrics: { cursor: { open: { total: Long.fromNumber(ctx.cursors.size) } } },
    storageEngine: { name: 'embedded', supportsCommittedReads: false, persistent: s.dbPath !== undefined },
    ok: 1,
  };
};

export const getParameter: CommandHandler = (cmd, ctx) => {
  const reply: Document = {};
  const all = cmd['getParameter'] === '*';
  if (all || cmd['ttlMonitorSleepSecs'] !== undefined) reply['ttlMonitorSleepSecs'] = ctx.server.parameters.ttlMonitorSleepSecs;
  if (all || cmd['featureCompatibilityVersion'] !== undefined) reply['featureCompatibilityVersion'] = { version: '7.0' };
  if (Object.keys(reply).length === 0) throw badValue('no option found to get');
  reply['ok'] = 1;
  return reply;
};

export const setParameter: CommandHandler = (cmd, ctx) => {
  if (ctx.db !== 'admin') throw new MongoServerError(ErrorCode.Unauthorized, 'setParameter may only be run against the admin database.');
  if (cmd['ttlMonitorSleepSecs'] !== undefined) {
    const n = asNumber(cmd['ttlMonitorSleepSecs']);
    if (n === undefined || n < 1 || !Number.isInteger(n)) throw badValue('ttlMonitorSleepSecs must be a positive integer');
    const was = ctx.server.parameters.ttlMonitorSleepSecs;
    ctx.server.parameters.ttlMonitorSleepSecs = n;
    ctx.server.onParametersChanged?.();
    return { was, ok: 1 };
  }
  throw badValue('no option found to set, use help:true to see options');
};

export const getCmdLineOpts: CommandHandler = (_cmd, ctx) => ({
  argv: ['embedded-mongo'],
  parsed: ctx.server.dbPath ? { storage: { dbPath: ctx.server.dbPath } } : {},
  ok: 1,
});

export const whatsmyuri: CommandHandler = (_cmd, ctx) => ({ you: ctx.remoteAddress, ok: 1 });

export const connectionStatus: CommandHandler = () => ({
  authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] },
  ok: 1,
});

export const authenticationUnsupported: CommandHandler = () => {
  throw new MongoServerError(ErrorCode.AuthenticationFailed, 'Authentication is not supported: the embedded engine has no user accounts');
};

export const endSessions: CommandHandler = (cmd, ctx) => {
  const ids = cmd[Object.keys(cmd)[0]];
  if (Array.isArray(ids)) {
    for (const lsid of ids) {
      const id = (lsid as Document | null)?.['id'] as { toString(enc: string): string } | undefined;
      if (id) ctx.cursors.killSession(id.toString('hex'));
    }
  }
  return { ok: 1 };
};

export const okCommand: CommandHandler = () => ({ ok: 1 });

export const transactionsUnsupported: CommandHandler = () => {
  throw new MongoServerError(ErrorCode.IllegalOperation, 'Transaction numbers are only allowed on a replica set member or mongos');
};

export const dbStats: CommandHandler = (cmd, ctx) => {
  let objects = 0;
  let dataSize = 0;
  let indexes = 0;
  let collections = 0;
  for (const coll of ctx.store.catalog.databases.get(ctx.db)?.values() ?? []) {
    collections++;
    objects += coll.size;
    indexes += coll.indexes.size;
    for (const r of coll.records) dataSize += r.bson?.length ?? 0;
  }
  const scale = asNumber(cmd['scale']) ?? 1;
  return {
    db: ctx.db,
    collections,
    views: 0,
    objects,
    avgObjSize: objects ? dataSize / objects : 0,
    dataSize: dataSize / scale,
    storageSize: dataSize / scale,
    indexes,
    indexSize: 0,
    totalSize: dataSize / scale,
    scaleFactor: scale,
    ok: 1,
  };
};
