import { Binary, type Collection, Long, MaxKey, MinKey, ObjectId, Timestamp } from 'mongodb';
import { openTarget, type Target } from './harness';

describe('conformance: cross-type comparison and sort order', () => {
  let t: Target;
  let coll: Collection;

  const values: [string, unknown][] = [
    ['maxKey', new MaxKey()],
    ['regex', /abc/],
    ['timestamp', new Timestamp({ t: 5, i: 1 })],
    ['date', new Date(0)],
    ['true', true],
    ['false', false],
    ['objectId', new ObjectId('000000000000000000000001')],
    ['binData', new Binary(Buffer.from([1]))],
    ['object', { a: 1 }],
    ['string b', 'b'],
    ['string a', 'a'],
    ['long 10', Long.fromNumber(10)],
    ['double 2.5', 2.5],
    ['int -3', -3],
    ['null', null],
    ['minKey', new MinKey()],
  ];

  beforeAll(async () => {
    t = await openTarget();
    coll = t.db.collection('ordering');
    await coll.insertMany(values.map(([name, v]) => ({ name, v })));
  });
  afterAll(() => t.close());

  it('sorts ascending in BSON type order', async () => {
    const names = (await coll.find({}, { sort: { v: 1 } }).toArray()).map((d) => d['name']);
    expect(names).toEqual([...values].reverse().map(([n]) => n));
  });

  it('sorts descending in reverse BSON type order', async () => {
    const names = (await coll.find({}, { sort: { v: -1 } }).toArray()).map((d) => d['name']);
    expect(names).toEqual(values.map(([n]) => n));
  });

  it('sorts the same way through an index', async () => {
    await coll.createIndex({ v: 1 });
    const names = (await coll.find({}, { sort: { v: 1 } }).hint({ v: 1 }).toArray()).map((d) => d['name']);
    expect(names).toEqual([...values].reverse().map(([n]) => n));
    await coll.dropIndex('v_1');
  });

  it('brackets comparison operators by type', async () => {
    const names = async (filter: object) => (await coll.find(filter, { sort: { v: 1 } }).toArray()).map((d) => d['name']);
    expect(await names({ v: { $gt: 0 } })).toEqual(['double 2.5', 'long 10']);
    expect(await names({ v: { $lt: 'b' } })).toEqual(['string a']);
    expect(await names({ v: { $gte: new Date(0) } })).toEqual(['date']);
    expect(await names({ v: { $lt: new ObjectId('ffffffffffffffffffffffff') } })).toEqual(['objectId']);
  });

  it('sorts arrays by their smallest element ascending and largest descending', async () => {
    const arr = t.db.collection('ordering_arrays');
    await arr.insertMany([
      { name: 'a', v: [1, 10] },
      { name: 'b', v: 5 },
      { name: 'c', v: [3, 4] },
    ]);
    expect((await arr.find({}, { sort: { v: 1 } }).toArray()).map((d) => d['name'])).toEqual(['a', 'c', 'b']);
    expect((await arr.find({}, { sort: { v: -1 } }).toArray()).map((d) => d['name'])).toEqual(['a', 'b', 'c']);
  });

  it('sorts on several keys and missing fields as null', async () => {
    const multi = t.db.collection('ordering_multi');
    await multi.insertMany([
      { name: 'x', a: 1, b: 2 },
      { name: 'y', a: 1, b: 1 },
      { name: 'z', a: 0 },
      { name: 'w', b: 0 },
    ]);
    expect((await multi.find({}, { sort: { a: 1, b: -1 } }).toArray()).map((d) => d['name'])).toEqual(['w', 'z', 'x', 'y']);
  });

  it('sorts in aggregation with the same order', async () => {
    const names = (await coll.aggregate([{ $sort: { v: 1 } }, { $project: { _id: 0, name: 1 } }]).toArray()).map((d) => d['name']);
    expect(names).toEqual([...values].reverse().map(([n]) => n));
  });
});
