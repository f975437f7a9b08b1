import type { Document } from 'bson';
import { ErrorCode, MongoServerError, toServerError } from '../errors';
import { validateDbName } from '../storage/catalog';
import { aggregate } from './aggregate';
import { collMod, create, drop, dropDatabase, listCollections, listDatabases, renameCollection } from './collections';
import type { CommandContext, CommandHandler, CommandReply } from './context';
import { count, distinct } from './count';
import { deleteCommand } from './delete';
import { explain } from './explain';
import { find, getMore, killCursors } from './find';
import { findAndModify } from './find-and-modify';
import { createIndexes, dropIndexes, listIndexes } from './indexes';
import { insert } from './insert';
import {
  authenticationUnsupported,
  buildInfo,
  connectionStatus,
  dbStats,
  endSessions,
  getCmdLineOpts,
  getParameter,
  hello,
  hostInfo,
  isMaster,
  okCommand,
  ping,
  serverStatus,
  setParameter,
  transactionsUnsupported,
  whatsmyuri,
} from './server-info';
import { update } from './update';

export const COMMANDS: Record<string, CommandHandler> = {
  hello,
  isMaster,
  ismaster: isMaster,
  ping,
  buildInfo,
  buildinfo: buildInfo,
  hostInfo,
  serverStatus,
  getParameter,
  setParameter,
  getCmdLineOpts,
  whatsmyuri,
  connectionStatus,
  dbStats,
  endSessions,
  killSessions: endSessions,
  killAllSessions: okCommand,
  killAllSessionsByPattern: okCommand,
  refreshSessions: okCommand,
  logout: okCommand,
  saslStart: authenticationUnsupported,
  saslContinue: authenticationUnsupported,
  authenticate: authenticationUnsupported,
  commitTransaction: transactionsUnsupported,
  abortTransaction: transactionsUnsupported,
  find,
  getMore,
  killCursors,
  insert,
  update,
  delete: deleteCommand,
  findAndModify,
  findandmodify: findAndModify,
  count,
  distinct,
  aggregate,
  explain,
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
  create,
  drop,
  dropDatabase,
  listCollections,
  listDatabases,
  renameCollection,
  collMod,
};

/** Commands the legacy OP_QUERY path still serves (mongod 6.0+ only allows the handshake there). */
const LEGACY_ALLOWED = new Set(['hello', 'isMaster', 'ismaster']);

export interface Invocation {
  command: Document;
  legacy: boolean;
  /** For OP_QUERY: the `db.$cmd` namespace. */
  fullCollectionName?: string;
}

/** Runs one command: validation, dispatch, then durability of its writes before the reply. */
export async function dispatch(inv: Invocation, base: Omit<CommandContext, 'db' | 'batch' | 'lsid'>): Promise<CommandReply> {
  const ctx: CommandContext = {
    store: base.store,
    cursors: base.cursors,
    server: base.server,
    connectionId: base.connectionId,
    remoteAddress: base.remoteAddress,
    db: '',
    batch: [],
  };
  let reply: CommandReply;
  try {
    reply = execute(inv, ctx);
  } catch (err) {
    reply = toServerError(err).toReply();
  }
  if (ctx.batch.length) {
    try {
      await ctx.store.commit(ctx.batch);
    } catch (err) {
      return new MongoServerError(ErrorCode.InternalError, `write could not be made durable: ${(err as Error).message}`).toReply();
    }
  }
  return reply;
}

function execute(inv: Invocation, ctx: CommandContext): CommandReply {
  const cmd = inv.command;
  const name = Object.keys(cmd)[0];
  if (name === undefined) throw new MongoServerError(ErrorCode.FailedToParse, 'empty command');
  if (inv.legacy) {
    if (!LEGACY_ALLOWED.has(name)) {
      throw new MongoServerError(ErrorCode.UnsupportedOpQueryCommand, `Unsupported OP_QUERY command: ${name}. The client driver may require an upgrade.`);
    }
    const ns = inv.fullCollectionName ?? '';
    ctx.db = ns.endsWith('.$cmd') ? ns.slice(0, -5) : 'admin';
  } else {
    const db = cmd['$db'];
    if (typeof db !== 'string') throw new MongoServerError(ErrorCode.OpMsgRequiresDb, 'OP_MSG requests require a $db argument');
    ctx.db = db;
  }
  validateDbName(ctx.db);
  ctx.server.opcounters.command++;
  const handler = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!handler) throw new MongoServerError(ErrorCode.CommandNotFound, `no such command: '${name}'`);
  if (cmd['txnNumber'] !== undefined || cmd['startTransaction'] !== undefined || cmd['autocommit'] !== undefined) {
    throw new MongoServerError(ErrorCode.IllegalOperation, 'Transaction numbers are only allowed on a replica set member or mongos');
  }
  ctx.lsid = (cmd['lsid'] as Document | undefined)?.['id'];
  return handler(cmd, ctx);
}
