import type { Document } from 'bson';
import { toBytes } from '../bson/forms';
import { isPlainObject } from '../bson/paths';
import { ErrorCode, MongoServerError, badValue } from '../errors';
import { compileFilter } from '../query/filter';
import { viewOf } from '../query/view-docs';
import { splitNamespace, validateCollectionName, validateDbName } from '../storage/catalog';
import { ID_INDEX_SPEC } from '../storage/collection';
import { type CommandHandler, asNumber, boolArg, collectionArg, cursorReply, docArg, intArg } from './context';
import { DEFAULT_BATCH_SIZE } from './find';

const UNSUPPORTED_CREATE_OPTIONS: Record<string, string> = {
  capped: 'capped collections',
  viewOn: 'views',
  timeseries: 'time series collections',
  clusteredIndex: 'clustered collections',
  encryptedFields: 'queryable encryption',
};
const IGNORED_CREATE_OPTIONS = new Set(['writeConcern', 'comment', 'lsid', '$db', '$readPreference', '$clusterTime', 'apiVersion', 'apiStrict', 'apiDeprecationErrors', 'size', 'max', 'autoIndexId', 'idIndex', 'storageEngine', 'indexOptionDefaults', 'validationLevel', 'validationAction', 'changeStreamPreAndPostImages', 'maxTimeMS']);

export const create: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, ctx);
  const options: Document = {};
  for (const [k, v] of Object.entries(cmd)) {
    if (k === 'create') continue;
    if (k in UNSUPPORTED_CREATE_OPTIONS && v !== false && v !== undefined && v !== null) {
      throw new MongoServerError(ErrorCode.NotImplemented, `${UNSUPPORTED_CREATE_OPTIONS[k]} are not supported by the embedded engine`);
    }
    if (k === 'validator') {
      if (isPlainObject(v) && Object.keys(v).length === 0) continue;
      throw new MongoServerError(ErrorCode.NotImplemented, 'document validation is not supported by the embedded engine');
    }
    if (k === 'collation') {
      if (isPlainObject(v) && v['locale'] === 'simple') continue;
      throw new MongoServerError(ErrorCode.NotImplemented, 'collation is not supported by the embedded engine');
    }
    if (IGNORED_CREATE_OPTIONS.has(k) || k in UNSUPPORTED_CREATE_OPTIONS) continue;
    if (k.startsWith('$')) continue;
    throw new MongoServerError(ErrorCode.Location40415, `BSON field 'create.${k}' is an unknown field.`);
  }
  const existing = ctx.store.collection(ctx.db, name);
  if (existing) {
    // Since 7.0, creating an existing collection with identical options succeeds.
    if (toBytes(existing.info.options).equals(toBytes(options))) return { ok: 1 };
    throw new MongoServerError(ErrorCode.NamespaceExists, `Collection ${ctx.db}.${name} already exists.`);
  }
  ctx.store.createCollection(ctx.db, name, options, ctx.batch);
  return { ok: 1 };
};

export const drop: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, ctx);
  const coll = ctx.store.collection(ctx.db, name);
  if (!coll) return { ok: 1 };
  const nIndexesWas = coll.indexes.size;
  ctx.store.dropCollection(coll, ctx.batch);
  return { nIndexesWas, ns: `${ctx.db}.${name}`, ok: 1 };
};

export const dropDatabase: CommandHandler = (_cmd, ctx) => {
  ctx.store.dropDatabase(ctx.db, ctx.batch);
  return { dropped: ctx.db, ok: 1 };
};

export const listCollections: CommandHandler = (cmd, ctx) => {
  const filter = compileFilter(docArg(cmd, 'filter'));
  const nameOnly = boolArg(cmd, 'nameOnly');
  const docs: Buffer[] = [];
  for (const coll of ctx.store.catalog.databases.get(ctx.db)?.values() ?? []) {
    const full: Document = {
      name: coll.name,
      type: 'collection',
      options: coll.info.options,
      info: { readOnly: false, uuid: coll.info.uuid },
      idIndex: ID_INDEX_SPEC,
    };
    const bytes = toBytes(full);
    if (!filter.test(viewOf(bytes))) continue;
    docs.push(nameOnly ? toBytes({ name: coll.name, type: 'collection' }) : bytes);
  }
  const cursor = docArg(cmd, 'cursor');
  const batchSize = cursor ? intArg(cursor, 'batchSize', DEFAULT_BATCH_SIZE) : DEFAULT_BATCH_SIZE;
  return cursorReply(ctx, `${ctx.db}.$cmd.listCollections`, docs[Symbol.iterator](), batchSize);
};

export const listDatabases: CommandHandler = (cmd, ctx) => {
  const filter = compileFilter(docArg(cmd, 'filter'));
  const nameOnly = boolArg(cmd, 'nameOnly');
  const databases: Document[] = [];
  let totalSize = 0;
  for (const [name, colls] of ctx.store.catalog.databases) {
    let size = 0;
    for (const c of colls.values()) for (const r of c.records) size += r.bson?.length ?? 0;
    const entry: Document = nameOnly ? { name } : { name, sizeOnDisk: size, empty: size === 0 };
    if (!filter.test(viewOf(toBytes(entry)))) continue;
    totalSize += size;
    databases.push(entry);
  }
  return nameOnly ? { databases, ok: 1 } : { databases, totalSize, totalSizeMb: Math.round(totalSize / 2 ** 20), ok: 1 };
};

export const renameCollection: CommandHandler = (cmd, ctx) => {
  if (ctx.db !== 'admin') throw new MongoServerError(ErrorCode.Unauthorized, 'renameCollection may only be run against the admin database.');
  const from = cmd['renameCollection'];
  const to = cmd['to'];
  if (typeof from !== 'string' || typeof to !== 'string') throw badValue("'renameCollection' and 'to' must be namespaces");
  const [fromDb, fromName] = splitNamespace(from);
  const [toDb, toName] = splitNamespace(to);
  validateDbName(toDb);
  validateCollectionName(toDb, toName);
  const source = ctx.store.collection(fromDb, fromName);
  if (!source) throw new MongoServerError(ErrorCode.NamespaceNotFound, `Source collection ${from} does not exist`);
  if (from === to) throw new MongoServerError(ErrorCode.IllegalOperation, "Can't rename a collection to itself");
  const target = ctx.store.collection(toDb, toName);
  if (target) {
    if (!boolArg(cmd, 'dropTarget')) throw new MongoServerError(ErrorCode.NamespaceExists, 'target namespace exists');
    ctx.store.dropCollection(target, ctx.batch);
  }
  ctx.store.renameCollection(source, toDb, toName, ctx.batch);
  return { ok: 1 };
};

export const collMod: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, ctx);
  const coll = ctx.store.collection(ctx.db, name);
  if (!coll) throw new MongoServerError(ErrorCode.NamespaceNotFound, `ns does not exist: ${ctx.db}.${name}`);
  const reply: Document = {};
  const index = docArg(cmd, 'index');
  if (index) {
    const target =
      typeof index['name'] === 'string'
        ? coll.indexes.get(index['name'])
        : [...coll.indexes.values()].find((i) => JSON.stringify(i.keyPattern) === JSON.stringify(index['keyPattern']));
    if (!target) throw new MongoServerError(ErrorCode.IndexNotFound, `cannot find index ${JSON.stringify(index['name'] ?? index['keyPattern'])} for ns ${coll.ns}`);
    if (index['expireAfterSeconds'] !== undefined) {
      const ttl = asNumber(index['expireAfterSeconds']);
      if (ttl === undefined || ttl < 0) throw badValue('expireAfterSeconds must be a non-negative number');
      if (target.expireAfterSeconds === undefined) throw new MongoServerError(ErrorCode.InvalidOptions, 'no expireAfterSeconds field to update');
      reply['expireAfterSeconds_old'] = target.expireAfterSeconds;
      reply['expireAfterSeconds_new'] = ttl;
      ctx.store.setIndexTtl(coll, target, ttl, ctx.batch);
    }
  }
  for (const k of Object.keys(cmd)) {
    if (['collMod', 'index', 'writeConcern', 'comment', 'lsid', '$db', '$readPreference', '$clusterTime'].includes(k)) continue;
    if (k === 'validator' || k === 'validationLevel' || k === 'validationAction') {
      throw new MongoServerError(ErrorCode.NotImplemented, 'document validation is not supported by the embedded engine');
    }
    throw new MongoServerError(ErrorCode.InvalidOptions, `unknown option to collMod: ${k}`);
  }
  reply['ok'] = 1;
  return reply;
};
