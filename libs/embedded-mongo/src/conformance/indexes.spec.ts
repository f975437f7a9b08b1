import { type Collection, MongoServerError } from 'mongodb';
import { openTarget, type Target } from './harness';

describe('conformance: indexes', () => {
  let t: Target;
  let coll: Collection;

  beforeAll(async () => {
    t = await openTarget();
  });
  afterAll(() => t.close());
  beforeEach(() => {
    coll = t.db.collection(`ix_${Math.random().toString(36).slice(2)}`);
  });

  it('creates, lists and drops indexes', async () => {
    await coll.insertOne({ a: 1, b: 2 });
    expect(await coll.createIndex({ a: 1 })).toBe('a_1');
    expect(await coll.createIndex({ a: 1, b: -1 }, { name: 'ab' })).toBe('ab');
    const list = await coll.listIndexes().toArray();
    expect(list.map((i) => i['name'])).toEqual(['_id_', 'a_1', 'ab']);
    expect(list[2]['key']).toEqual({ a: 1, b: -1 });
    await coll.dropIndex('a_1');
    expect((await coll.indexes()).map((i) => i['name'])).toEqual(['_id_', 'ab']);
    await coll.dropIndexes();
    expect((await coll.indexes()).map((i) => i['name'])).toEqual(['_id_']);
  });

  it('is idempotent for an identical index and rejects conflicting ones', async () => {
    await coll.createIndex({ a: 1 }, { name: 'a_idx' });
    await coll.createIndex({ a: 1 }, { name: 'a_idx' });
    const sameNameOtherKey = await coll.createIndex({ b: 1 }, { name: 'a_idx' }).catch((e: unknown) => e);
    expect((sameNameOtherKey as MongoServerError).code).toBe(86);
    const sameKeyOtherName = await coll.createIndex({ a: 1 }, { name: 'other' }).catch((e: unknown) => e);
    expect((sameKeyOtherName as MongoServerError).code).toBe(85);
  });

  it('refuses to drop the _id index or a missing index', async () => {
    await coll.insertOne({});
    expect(((await coll.dropIndex('_id_').catch((e: unknown) => e)) as MongoServerError).code).toBe(72);
    expect(((await coll.dropIndex('nope').catch((e: unknown) => e)) as MongoServerError).code).toBe(27);
    const missing = await t.db.collection('never_created').listIndexes().toArray().catch((e: unknown) => e);
    expect((missing as MongoServerError).code).toBe(26);
  });

  it('enforces unique compound indexes with keyPattern and keyValue', async () => {
    await coll.createIndex({ user: 1, day: -1 }, { unique: true });
    await coll.insertOne({ user: 'u1', day: 1 });
    await coll.insertOne({ user: 'u1', day: 2 });
    await coll.insertOne({ user: 'u2', day: 1 });
    const err = (await coll.insertOne({ user: 'u1', day: 2 }).catch((e: unknown) => e)) as MongoServerError;
    expect(err.code).toBe(11000);
    expect(err['keyPattern']).toEqual({ user: 1, day: -1 });
    expect(err['keyValue']).toEqual({ user: 'u1', day: 2 });
    expect(err.message).toMatch(/E11000 duplicate key error collection: .* index: user_1_day_-1 dup key/);
    const upd = (await coll.updateOne({ user: 'u2' }, { $set: { day: 2, user: 'u1' } }).catch((e: unknown) => e)) as MongoServerError;
    expect(upd.code).toBe(11000);
    expect(await coll.countDocuments({ user: 'u2' })).toBe(1);
  });

  it('treats a missing field as null in a unique index unless sparse', async () => {
    await coll.createIndex({ email: 1 }, { unique: true });
    await coll.insertOne({ name: 'no email' });
    const err = (await coll.insertOne({ name: 'also none' }).catch((e: unknown) => e)) as MongoServerError;
    expect(err.code).toBe(11000);
    expect(err['keyValue']).toEqual({ email: null });
    const sparse = t.db.collection(`${coll.collectionName}_sparse`);
    await sparse.createIndex({ email: 1 }, { unique: true, sparse: true });
    await sparse.insertMany([{ n: 1 }, { n: 2 }, { email: 'a' }]);
    expect(((await sparse.insertOne({ email: 'a' }).catch((e: unknown) => e)) as MongoServerError).code).toBe(11000);
  });

  it('applies a partial unique index only to matching documents', async () => {
    await coll.createIndex({ name: 1 }, { unique: true, partialFilterExpression: { active: true } });
    await coll.insertMany([{ name: 'x', active: false }, { name: 'x', active: false }, { name: 'x', active: true }]);
    expect(((await coll.insertOne({ name: 'x', active: true }).catch((e: unknown) => e)) as MongoServerError).code).toBe(11000);
    const [spec] = (await coll.indexes()).filter((i) => i['name'] === 'name_1');
    expect(spec['partialFilterExpression']).toEqual({ active: true });
  });

  it('fails to build a unique index over duplicates and leaves no index behind', async () => {
    await coll.insertMany([{ k: 1 }, { k: 1 }]);
    expect(((await coll.createIndex({ k: 1 }, { unique: true }).catch((e: unknown) => e)) as MongoServerError).code).toBe(11000);
    expect((await coll.indexes()).map((i) => i['name'])).toEqual(['_id_']);
  });

  it('indexes array elements (multikey) for uniqueness', async () => {
    await coll.createIndex({ tags: 1 }, { unique: true });
    await coll.insertOne({ tags: ['a', 'b', 'a'] });
    expect(((await coll.insertOne({ tags: ['c', 'b'] }).catch((e: unknown) => e)) as MongoServerError).code).toBe(11000);
    await coll.insertOne({ tags: ['c'] });
    expect(await coll.countDocuments({ tags: 'a' })).toBe(1);
  });

  it('lets exactly one of many concurrent writers claim a unique key', async () => {
    await coll.createIndex({ slot: 1 }, { unique: true });
    const results = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => coll.insertOne({ slot: 'only', i })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as MongoServerError).code).toBe(11000);
    expect(await coll.countDocuments({ slot: 'only' })).toBe(1);
  });

  it('rejects unknown index options', async () => {
    const err = (await t.db
      .command({ createIndexes: coll.collectionName, indexes: [{ key: { a: 1 }, name: 'a_1', notAnOption: true }] })
      .catch((e: unknown) => e)) as MongoServerError;
    expect(err.code).toBe(197);
  });
});
