import type { Document } from 'bson';
import { toBytes } from '../bson/forms';
import { isPlainObject } from '../bson/paths';
import { ErrorCode, MongoServerError, badValue } from '../errors';
import { compileFilter } from '../query/filter';
import type { Collection } from '../storage/collection';
import type { CollectionIndex } from '../storage/collection-index';
import { type CommandHandler, asNumber, collectionArg, cursorReply, docArg, intArg } from './context';
import { DEFAULT_BATCH_SIZE } from './find';

const ALLOWED_OPTIONS = new Set([
  'key',
  'name',
  'v',
  'unique',
  'sparse',
  'partialFilterExpression',
  'expireAfterSeconds',
  'background',
  'hidden',
  'ns',
  'collation',
  'storageEngine',
]);
const SPECIAL_INDEX_TYPES = new Set(['text', '2d', '2dsphere', 'hashed', 'geoHaystack', 'columnstore']);

/** Validates a createIndexes entry and returns the normalized spec listIndexes will show. */
export function normalizeIndexSpec(raw: unknown): Document {
  if (!isPlainObject(raw)) throw new MongoServerError(ErrorCode.TypeMismatch, 'index specification must be an object');
  for (const k of Object.keys(raw)) {
    if (!ALLOWED_OPTIONS.has(k)) {
      if (['weights', 'default_language', 'language_override', 'textIndexVersion', '2dsphereIndexVersion', 'bits', 'min', 'max', 'wildcardProjection'].includes(k)) {
        throw new MongoServerError(ErrorCode.CannotCreateIndex, `index option '${k}' is not supported by the embedded engine`);
      }
      throw new MongoServerError(ErrorCode.InvalidIndexSpecificationOption, `The field '${k}' is not valid for an index specification. Specification: ${JSON.stringify(raw)}`);
    }
  }
  const key = raw['key'];
  if (!isPlainObject(key) || Object.keys(key).length === 0) throw new MongoServerError(ErrorCode.CannotCreateIndex, 'Index keys cannot be empty.');
  for (const [field, dir] of Object.entries(key)) {
    if (typeof dir === 'string') {
      if (SPECIAL_INDEX_TYPES.has(dir)) throw new MongoServerError(ErrorCode.CannotCreateIndex, `'${dir}' indexes are not supported by the embedded engine`);
      throw new MongoServerError(ErrorCode.CannotCreateIndex, `Unknown index plugin '${dir}'`);
    }
    const n = asNumber(dir);
    if (n === undefined || n === 0 || Number.isNaN(n)) throw new MongoServerError(ErrorCode.CannotCreateIndex, `Values in the index key pattern can only be numbers or strings, and not zero: ${field}`);
    if (field === '' || field.startsWith('$') && field !== '$**') throw new MongoServerError(ErrorCode.CannotCreateIndex, `Index key contains an illegal field name: ${field}`);
    if (field.includes('$**')) throw new MongoServerError(ErrorCode.CannotCreateIndex, 'wildcard indexes are not supported by the embedded engine');
  }
  const name = raw['name'];
  if (typeof name !== 'string' || name.length === 0) throw new MongoServerError(ErrorCode.CannotCreateIndex, 'index name must be a non-empty string');
  const collation = raw['collation'];
  if (collation !== undefined && !(isPlainObject(collation) && collation['locale'] === 'simple')) {
    throw new MongoServerError(ErrorCode.NotImplemented, 'collation is not supported by the embedded engine');
  }
  const spec: Document = { v: 2, key, name };
  if (raw['unique'] === true || asNumber(raw['unique'])) spec['unique'] = true;
  if (raw['sparse'] === true || asNumber(raw['sparse'])) spec['sparse'] = true;
  if (raw['partialFilterExpression'] !== undefined) {
    if (!isPlainObject(raw['partialFilterExpression'])) throw badValue('partialFilterExpression must be an object');
    compileFilter(raw['partialFilterExpression']).validate();
    spec['partialFilterExpression'] = raw['partialFilterExpression'];
  }
  if (raw['expireAfterSeconds'] !== undefined) {
    const ttl = asNumber(raw['expireAfterSeconds']);
    if (ttl === undefined || ttl < 0 || !Number.isFinite(ttl)) throw new MongoServerError(ErrorCode.CannotCreateIndex, 'TTL index \'expireAfterSeconds\' option must be a non-negative number');
    if (Object.keys(key).length !== 1) throw new MongoServerError(ErrorCode.CannotCreateIndex, 'TTL indexes are single-field indexes, compound indexes do not support TTL.');
    spec['expireAfterSeconds'] = raw['expireAfterSeconds'];
  }
  if (raw['hidden'] === true) spec['hidden'] = true;
  return spec;
}

function sameKey(a: Document, b: Document): boolean {
  const norm = (k: Document) => JSON.stringify(Object.entries(k).map(([f, d]) => [f, Math.sign(asNumber(d) ?? 0)]));
  return norm(a) === norm(b);
}

function sameOptions(a: Document, b: Document): boolean {
  const pick = (s: Document) =>
    toBytes({ u: s['unique'] === true, s: s['sparse'] === true, p: s['partialFilterExpression'] ?? null, t: s['expireAfterSeconds'] !== undefined ? asNumber(s['expireAfterSeconds']) : null }).toString('hex');
  return pick(a) === pick(b);
}

export const createIndexes: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, ctx);
  const indexes = cmd['indexes'];
  if (!Array.isArray(indexes) || indexes.length === 0) throw badValue('Must specify at least one index to create');
  const specs = indexes.map(normalizeIndexSpec);
  const existed = ctx.store.collection(ctx.db, name);
  const coll = existed ?? ctx.store.ensureCollection(ctx.db, name, ctx.batch);
  const before = coll.indexes.size;
  const toCreate: Document[] = [];
  for (const spec of specs) {
    const sameName = coll.indexes.get(spec['name'])?.spec ?? toCreate.find((s) => s['name'] === spec['name']);
    if (sameName) {
      if (!sameKey(sameName['key'], spec['key'])) {
        throw new MongoServerError(ErrorCode.IndexKeySpecsConflict, `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameName)}`);
      }
      if (!sameOptions(sameName, spec)) {
        throw new MongoServerError(ErrorCode.IndexOptionsConflict, `An equivalent index already exists with the same name but different options. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameName)}`);
      }
      continue;
    }
    const sameKeyIndex = [...coll.indexes.values()].find((i) => sameKey(i.keyPattern, spec['key']) && sameOptions(i.spec, spec));
    if (sameKeyIndex) {
      throw new MongoServerError(ErrorCode.IndexOptionsConflict, `Index already exists with a different name: ${sameKeyIndex.name}`);
    }
    if (spec['name'] === '_id_') throw new MongoServerError(ErrorCode.BadValue, 'The index name \'_id_\' is reserved for the _id index');
    toCreate.push(spec);
  }
  for (const spec of toCreate) ctx.store.createIndex(coll, spec, ctx.batch);
  const reply: Document = {
    numIndexesBefore: before,
    numIndexesAfter: coll.indexes.size,
    createdCollectionAutomatically: !existed,
  };
  if (toCreate.length === 0) reply['note'] = 'all indexes already exist';
  reply['ok'] = 1;
  return reply;
};

export const listIndexes: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, ctx);
  const coll = ctx.store.collection(ctx.db, name);
  if (!coll) throw new MongoServerError(ErrorCode.NamespaceNotFound, `ns does not exist: ${ctx.db}.${name}`);
  const docs = [...coll.indexes.values()].map((i) => toBytes(i.spec));
  const cursor = docArg(cmd, 'cursor');
  const batchSize = cursor ? intArg(cursor, 'batchSize', DEFAULT_BATCH_SIZE) : DEFAULT_BATCH_SIZE;
  return cursorReply(ctx, `${ctx.db}.${name}`, docs[Symbol.iterator](), batchSize);
};

function findIndexes(coll: Collection, target: unknown): CollectionIndex[] {
  if (target === '*') return [...coll.indexes.values()].filter((i) => !i.isIdIndex);
  const names = Array.isArray(target) ? target : [target];
  return names.map((t) => {
    let index: CollectionIndex | undefined;
    if (typeof t === 'string') index = coll.indexes.get(t);
    else if (isPlainObject(t)) {
      const matches = [...coll.indexes.values()].filter((i) => sameKey(i.keyPattern, t));
      if (matches.length > 1) throw new MongoServerError(ErrorCode.IndexNotFound, `${matches.length} indexes found for key: ${JSON.stringify(t)}, identify by name instead.`);
      index = matches[0];
    } else throw badValue('index must be a string, an object or an array of strings');
    if (!index) {
      throw new MongoServerError(ErrorCode.IndexNotFound, typeof t === 'string' ? `index not found with name [${t}]` : `can't find index with key: ${JSON.stringify(t)}`);
    }
    if (index.isIdIndex) throw new MongoServerError(ErrorCode.InvalidOptions, 'cannot drop _id index');
    return index;
  });
}

export const dropIndexes: CommandHandler = (cmd, ctx) => {
  const name = collectionArg(cmd, ctx);
  const coll = ctx.store.collection(ctx.db, name);
  if (!coll) throw new MongoServerError(ErrorCode.NamespaceNotFound, `ns not found ${ctx.db}.${name}`);
  const was = coll.indexes.size;
  for (const index of findIndexes(coll, cmd['index'])) ctx.store.dropIndex(coll, index.name, ctx.batch);
  return { nIndexesWas: was, ok: 1 };
};
