import { type Collection, MongoServerError } from 'mongodb';
import { openTarget, type Target } from './harness';

describe('conformance: aggregation', () => {
  let t: Target;
  let orders: Collection;
  let users: Collection;

  beforeAll(async () => {
    t = await openTarget();
    users = t.db.collection('users');
    orders = t.db.collection('orders');
    await users.insertMany([
      { _id: 1, name: 'ann' },
      { _id: 2, name: 'bob' },
    ] as never[]);
    await orders.insertMany([
      { user: 1, total: 10, items: ['x', 'y'] },
      { user: 1, total: 30, items: ['y'] },
      { user: 2, total: 5, items: [] },
    ]);
  });
  afterAll(() => t.close());

  it('groups, sorts and projects', async () => {
    const out = await orders
      .aggregate([
        { $group: { _id: '$user', sum: { $sum: '$total' }, n: { $sum: 1 } } },
        { $sort: { sum: -1 } },
        { $project: { _id: 0, user: '$_id', sum: 1, n: 1 } },
      ])
      .toArray();
    expect(out).toEqual([
      { sum: 40, n: 2, user: 1 },
      { sum: 5, n: 1, user: 2 },
    ]);
  });

  it('joins with $lookup and unwinds', async () => {
    const out = await orders
      .aggregate([
        { $match: { total: { $gte: 10 } } },
        { $lookup: { from: 'users', localField: 'user', foreignField: '_id', as: 'u' } },
        { $unwind: '$u' },
        { $project: { _id: 0, name: '$u.name', total: 1 } },
        { $sort: { total: 1 } },
      ])
      .toArray();
    expect(out).toEqual([
      { total: 10, name: 'ann' },
      { total: 30, name: 'ann' },
    ]);
  });

  it('runs $facet and $count', async () => {
    const [out] = await orders
      .aggregate([{ $facet: { count: [{ $count: 'n' }], big: [{ $match: { total: { $gt: 20 } } }, { $project: { _id: 0, total: 1 } }] } }])
      .toArray();
    expect(out).toEqual({ count: [{ n: 3 }], big: [{ total: 30 }] });
  });

  it('streams large results through a cursor', async () => {
    const big = t.db.collection('big');
    await big.insertMany(Array.from({ length: 300 }, (_, i) => ({ i })));
    const out = await big.aggregate([{ $match: { i: { $gte: 50 } } }, { $project: { _id: 0, j: { $multiply: ['$i', 2] } } }], { batchSize: 20 }).toArray();
    expect(out).toHaveLength(250);
    expect(out[0]).toEqual({ j: 100 });
  });

  it('writes results with $out', async () => {
    await orders.aggregate([{ $match: { user: 1 } }, { $project: { _id: 0, total: 1 } }, { $out: 'user1_orders' }]).toArray();
    const copied = await t.db.collection('user1_orders').find({}, { projection: { _id: 0 } }).sort({ total: 1 }).toArray();
    expect(copied).toEqual([{ total: 10 }, { total: 30 }]);
  });

  it('rejects unknown stages', async () => {
    const err = (await orders.aggregate([{ $noSuchStage: {} }]).toArray().catch((e: unknown) => e)) as MongoServerError;
    expect(err).toBeInstanceOf(MongoServerError);
    expect(err.code).toBe(40324);
  });

  it('combines collections with $unionWith', async () => {
    const out = await users
      .aggregate([{ $project: { _id: 0, name: 1 } }, { $unionWith: { coll: 'orders', pipeline: [{ $match: { total: 30 } }, { $project: { _id: 0, total: 1 } }] } }])
      .toArray();
    expect(out).toEqual([{ name: 'ann' }, { name: 'bob' }, { total: 30 }]);
  });

  it('supports database-level $documents', async () => {
    const out = await t.db.aggregate([{ $documents: [{ x: 1 }, { x: 2 }] }, { $match: { x: 2 } }]).toArray();
    expect(out).toEqual([{ x: 2 }]);
  });
});
