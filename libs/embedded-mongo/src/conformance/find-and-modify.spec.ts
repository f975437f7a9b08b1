import { type Collection, MongoServerError } from 'mongodb';
import { openTarget, type Target } from './harness';

describe('conformance: findAndModify', () => {
  let t: Target;
  let coll: Collection;

  beforeAll(async () => {
    t = await openTarget();
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    coll = t.db.collection(`fam_${Math.random().toString(36).slice(2)}`);
    await coll.insertMany([
      { k: 'a', n: 1 },
      { k: 'b', n: 2 },
      { k: 'c', n: 3 },
    ]);
  });

  it('returns the document before or after an update', async () => {
    const before = await coll.findOneAndUpdate({ k: 'a' }, { $inc: { n: 10 } });
    expect(before).toMatchObject({ k: 'a', n: 1 });
    const after = await coll.findOneAndUpdate({ k: 'a' }, { $inc: { n: 10 } }, { returnDocument: 'after', projection: { _id: 0 } });
    expect(after).toEqual({ k: 'a', n: 21 });
  });

  it('picks the first document in sort order', async () => {
    const doc = await coll.findOneAndUpdate({}, { $set: { top: true } }, { sort: { n: -1 }, returnDocument: 'after' });
    expect(doc).toMatchObject({ k: 'c', top: true });
  });

  it('upserts and reports it in lastErrorObject', async () => {
    const res = await coll.findOneAndUpdate(
      { k: 'z' },
      { $set: { n: 26 }, $setOnInsert: { fresh: true } },
      { upsert: true, returnDocument: 'after', includeResultMetadata: true },
    );
    expect(res.value).toMatchObject({ k: 'z', n: 26, fresh: true });
    expect(res.lastErrorObject).toMatchObject({ n: 1, updatedExisting: false });
    expect(res.lastErrorObject?.['upserted']).toBeDefined();
    const none = await coll.findOneAndUpdate({ k: 'nothing' }, { $set: { n: 0 } }, { includeResultMetadata: true });
    expect(none.value).toBeNull();
    expect(none.lastErrorObject).toMatchObject({ n: 0, updatedExisting: false });
  });

  it('replaces and deletes', async () => {
    const replaced = await coll.findOneAndReplace({ k: 'b' }, { k: 'b2' }, { returnDocument: 'after', projection: { _id: 0 } });
    expect(replaced).toEqual({ k: 'b2' });
    const deleted = await coll.findOneAndDelete({ k: 'c' });
    expect(deleted).toMatchObject({ k: 'c', n: 3 });
    expect(await coll.countDocuments()).toBe(2);
  });

  it('reports a duplicate key as a command error with keyValue', async () => {
    await coll.createIndex({ k: 1 }, { unique: true });
    const err = (await coll.findOneAndUpdate({ k: 'a' }, { $set: { k: 'b' } }).catch((e: unknown) => e)) as MongoServerError;
    expect(err).toBeInstanceOf(MongoServerError);
    expect(err.code).toBe(11000);
    expect(err['keyValue']).toEqual({ k: 'b' });
  });
});
