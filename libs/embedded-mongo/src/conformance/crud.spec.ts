import { type Collection, MongoBulkWriteError, MongoServerError, ObjectId } from 'mongodb';
import { openTarget, type Target } from './harness';

describe('conformance: CRUD', () => {
  let t: Target;
  let coll: Collection;

  beforeAll(async () => {
    t = await openTarget();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    coll = t.db.collection(`crud_${Math.random().toString(36).slice(2)}`);
  });

  it('inserts and finds documents by _id and by query operators', async () => {
    const { insertedId } = await coll.insertOne({ name: 'ann', age: 31, tags: ['a', 'b'] });
    expect(insertedId).toBeInstanceOf(ObjectId);
    await coll.insertMany([
      { name: 'bob', age: 25, tags: ['b'] },
      { name: 'cy', age: 40, tags: [] },
    ]);
    expect(await coll.findOne({ _id: insertedId })).toMatchObject({ name: 'ann', age: 31 });
    const adults = await coll.find({ age: { $gte: 30 } }, { sort: { age: 1 } }).toArray();
    expect(adults.map((d) => d['name'])).toEqual(['ann', 'cy']);
    expect(await coll.countDocuments({ tags: 'b' })).toBe(2);
    expect(await coll.countDocuments({ tags: { $size: 0 } })).toBe(1);
    expect(await coll.countDocuments({ $or: [{ name: 'bob' }, { age: { $lt: 0 } }] })).toBe(1);
    expect(await coll.countDocuments({ name: { $in: ['ann', 'zed'] } })).toBe(1);
    expect(await coll.countDocuments({ name: /^b/ })).toBe(1);
    expect(await coll.countDocuments({ $expr: { $gt: ['$age', 30] } })).toBe(2);
  });

  it('keeps the _id a client gives and puts it first', async () => {
    await coll.insertOne({ a: 1, _id: 'custom' } as never);
    const raw = await coll.findOne({ _id: 'custom' } as never);
    expect(Object.keys(raw ?? {})).toEqual(['_id', 'a']);
  });

  it('rejects a duplicate _id with E11000 and keyValue', async () => {
    await coll.insertOne({ _id: 7 } as never);
    const err = await coll.insertOne({ _id: 7 } as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MongoServerError);
    expect((err as MongoServerError).code).toBe(11000);
    expect((err as MongoServerError)['keyValue']).toEqual({ _id: 7 });
    expect((err as MongoServerError)['keyPattern']).toEqual({ _id: 1 });
  });

  it('applies projection, sort, skip and limit', async () => {
    await coll.insertMany(Array.from({ length: 10 }, (_, i) => ({ i, sq: i * i, extra: 'x' })));
    const docs = await coll.find({}, { projection: { _id: 0, i: 1, sq: 1 } }).sort({ i: -1 }).skip(2).limit(3).toArray();
    expect(docs).toEqual([
      { i: 7, sq: 49 },
      { i: 6, sq: 36 },
      { i: 5, sq: 25 },
    ]);
    const excluded = await coll.findOne({ i: 3 }, { projection: { extra: 0, _id: 0 } });
    expect(excluded).toEqual({ i: 3, sq: 9 });
  });

  it('updates with operators, multi and upsert', async () => {
    await coll.insertMany([
      { k: 1, n: 1, list: [1, 2, 3] },
      { k: 2, n: 5, list: [3] },
    ]);
    let r = await coll.updateOne({ k: 1 }, { $inc: { n: 2 }, $push: { list: 4 }, $set: { 'sub.x': true } } as never);
    expect(r).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    expect(await coll.findOne({ k: 1 }, { projection: { _id: 0 } })).toEqual({ k: 1, n: 3, list: [1, 2, 3, 4], sub: { x: true } });
    r = await coll.updateMany({}, { $pull: { list: 3 }, $unset: { sub: '' } } as never);
    expect(r).toMatchObject({ matchedCount: 2, modifiedCount: 2 });
    r = await coll.updateOne({ k: 2 }, { $set: { n: 5 } });
    expect(r).toMatchObject({ matchedCount: 1, modifiedCount: 0 });
    r = await coll.updateOne({ k: 3 }, { $set: { n: 9 }, $setOnInsert: { created: true } }, { upsert: true });
    expect(r.upsertedCount).toBe(1);
    expect(r.upsertedId).toBeInstanceOf(ObjectId);
    expect(await coll.findOne({ k: 3 }, { projection: { _id: 0 } })).toEqual({ k: 3, n: 9, created: true });
    await coll.updateOne({ k: 3 }, { $set: { n: 10 }, $setOnInsert: { created: false } }, { upsert: true });
    expect(await coll.findOne({ k: 3 }, { projection: { _id: 0 } })).toEqual({ k: 3, n: 10, created: true });
    await coll.updateOne({ k: 1 }, { $rename: { n: 'count' }, $max: { k: 0 }, $min: { low: 4 }, $mul: { zero: 2 } });
    expect(await coll.findOne({ k: 1 }, { projection: { _id: 0 } })).toEqual({ k: 1, list: [1, 2, 4], count: 3, low: 4, zero: 0 });
    await coll.updateOne({ k: 1 }, { $addToSet: { list: { $each: [1, 9] } }, $pop: { other: 1 } });
    expect((await coll.findOne({ k: 1 }))?.['list']).toEqual([1, 2, 4, 9]);
  });

  it('supports arrayFilters, positional updates and pipeline updates', async () => {
    await coll.insertOne({ _id: 1, grades: [80, 95, 100], items: [{ q: 1 }, { q: 5 }] } as never);
    await coll.updateOne({ _id: 1 } as never, { $set: { 'grades.$[g]': 0 } }, { arrayFilters: [{ g: { $gte: 95 } }] });
    await coll.updateOne({ _id: 1, 'items.q': 5 } as never, { $inc: { 'items.$.q': 1 } });
    await coll.updateOne({ _id: 1 } as never, [{ $set: { total: { $sum: '$grades' } } }]);
    expect(await coll.findOne({ _id: 1 } as never)).toEqual({ _id: 1, grades: [80, 0, 0], items: [{ q: 1 }, { q: 6 }], total: 80 });
  });

  it('evaluates $expr in finds, counts, updates and deletes', async () => {
    await coll.insertMany([
      { _id: 1, spent: 50, budget: 40 },
      { _id: 2, spent: 10, budget: 40 },
      { _id: 3, spent: 70, budget: 100 },
    ] as never);
    const over = { $expr: { $gt: ['$spent', '$budget'] } };
    expect((await coll.find(over).toArray()).map((d) => d['_id'])).toEqual([1]);
    expect(await coll.countDocuments({ $or: [over, { _id: 3 }] } as never)).toBe(2);
    await coll.updateMany({ $expr: { $lt: [{ $multiply: ['$spent', 2] }, '$budget'] } }, { $set: { cheap: true } });
    expect((await coll.find({ cheap: true }).toArray()).map((d) => d['_id'])).toEqual([2]);
    expect((await coll.deleteMany(over)).deletedCount).toBe(1);
  });

  it('applies operator updates as plain values, $pull conditions and typed arrayFilters', async () => {
    await coll.insertOne({ _id: 1, tags: ['a', 'b', 'c'], mixed: [1, 'x', 2.5, 'y'], n: 1 } as never);
    await coll.updateOne({ _id: 1 } as never, { $set: { path: '$n' } });
    await coll.updateOne({ _id: 1 } as never, { $pull: { tags: { $in: ['a', 'c'] } } } as never);
    await coll.updateOne({ _id: 1 } as never, { $set: { 'mixed.$[s]': 'string' } }, { arrayFilters: [{ s: { $type: 'string' } }] });
    expect(await coll.findOne({ _id: 1 } as never)).toEqual({ _id: 1, tags: ['b'], mixed: [1, 'string', 2.5, 'string'], n: 1, path: '$n' });
  });

  it('updates many documents named by a long $in list', async () => {
    const ids = Array.from({ length: 300 }, (_, i) => i);
    await coll.insertMany(ids.map((i) => ({ _id: i, done: null })) as never);
    const result = await coll.updateMany({ _id: { $in: ids.slice(0, 250) }, done: null } as never, { $set: { done: true } });
    expect(result).toMatchObject({ matchedCount: 250, modifiedCount: 250 });
    expect(await coll.countDocuments({ done: true })).toBe(250);
  });

  it('replaces documents, keeping _id immutable', async () => {
    const { insertedId } = await coll.insertOne({ a: 1, b: 2 });
    await coll.replaceOne({ _id: insertedId }, { c: 3 });
    expect(await coll.findOne({ _id: insertedId })).toEqual({ _id: insertedId, c: 3 });
    const err = await coll.replaceOne({ _id: insertedId }, { _id: new ObjectId(), c: 4 }).catch((e: unknown) => e);
    expect((err as MongoServerError).code).toBe(66);
    const err2 = await coll.updateOne({ _id: insertedId }, { $set: { _id: 5 } }).catch((e: unknown) => e);
    expect((err2 as MongoServerError).code).toBe(66);
  });

  it('reports invalid updates with MongoDB error codes', async () => {
    await coll.insertOne({ a: 1 });
    const unknownOp = await coll.updateOne({}, { $bogus: { a: 1 } } as never).catch((e: unknown) => e);
    expect((unknownOp as MongoServerError).code).toBe(9);
    const conflict = await coll.updateOne({}, { $set: { a: 1 }, $inc: { a: 1 } }).catch((e: unknown) => e);
    expect((conflict as MongoServerError).code).toBe(40);
  });

  it('deletes one or many documents', async () => {
    await coll.insertMany([{ g: 1 }, { g: 1 }, { g: 2 }, { g: 3 }]);
    expect((await coll.deleteOne({ g: 1 })).deletedCount).toBe(1);
    expect((await coll.deleteMany({ g: { $gte: 1 } })).deletedCount).toBe(3);
    expect((await coll.deleteMany({ g: 99 })).deletedCount).toBe(0);
    expect(await coll.countDocuments()).toBe(0);
  });

  it('counts with estimatedDocumentCount and countDocuments options', async () => {
    await coll.insertMany(Array.from({ length: 25 }, (_, i) => ({ i })));
    expect(await coll.estimatedDocumentCount()).toBe(25);
    expect(await coll.countDocuments({ i: { $lt: 10 } })).toBe(10);
    expect(await coll.countDocuments({}, { skip: 20 })).toBe(5);
    expect(await coll.countDocuments({}, { limit: 7 })).toBe(7);
    expect(await t.db.collection('does_not_exist').estimatedDocumentCount()).toBe(0);
  });

  it('returns distinct values including array elements', async () => {
    await coll.insertMany([{ c: 'x', t: [1, 2] }, { c: 'y', t: [2, 3] }, { c: 'x' }, { t: 1 }]);
    expect((await coll.distinct('c')).sort()).toEqual(['x', 'y']);
    expect((await coll.distinct('t')).sort()).toEqual([1, 2, 3]);
    expect(await coll.distinct('c', { t: 3 })).toEqual(['y']);
  });

  it('runs ordered bulk writes up to the first error', async () => {
    await coll.createIndex({ u: 1 }, { unique: true });
    const err = await coll
      .bulkWrite(
        [
          { insertOne: { document: { u: 1 } } },
          { insertOne: { document: { u: 1 } } },
          { insertOne: { document: { u: 2 } } },
        ],
        { ordered: true },
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MongoBulkWriteError);
    const bulk = err as MongoBulkWriteError;
    expect(bulk.writeErrors).toHaveLength(1);
    expect((Array.isArray(bulk.writeErrors) ? bulk.writeErrors[0] : bulk.writeErrors).code).toBe(11000);
    expect(await coll.countDocuments()).toBe(1);
  });

  it('runs unordered bulk writes past errors and mixes operations', async () => {
    await coll.createIndex({ u: 1 }, { unique: true });
    await coll.insertOne({ u: 0, v: 0 });
    const err = await coll
      .bulkWrite(
        [
          { insertOne: { document: { u: 1 } } },
          { insertOne: { document: { u: 1 } } },
          { updateOne: { filter: { u: 0 }, update: { $set: { v: 1 } } } },
          { updateMany: { filter: {}, update: { $inc: { w: 1 } } } },
          { replaceOne: { filter: { u: 5 }, replacement: { u: 5, r: true }, upsert: true } },
          { deleteOne: { filter: { u: 1 } } },
        ],
        { ordered: false },
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MongoBulkWriteError);
    const result = (err as MongoBulkWriteError).result;
    expect(result.insertedCount).toBe(1);
    expect(result.matchedCount).toBe(3);
    expect(result.upsertedCount).toBe(1);
    expect(result.deletedCount).toBe(1);
    expect(await coll.countDocuments()).toBe(2);
  });

  it('honours unacknowledged writes (w: 0)', async () => {
    await coll.insertOne({ fire: 'forget' }, { writeConcern: { w: 0 } });
    for (let i = 0; i < 50 && (await coll.countDocuments({ fire: 'forget' })) === 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(await coll.countDocuments({ fire: 'forget' })).toBe(1);
  });
});
