import {
  Binary,
  BSONRegExp,
  type Collection,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  Timestamp,
  UUID,
} from 'mongodb';
import { openTarget, type Target } from './harness';

const EXACT = { promoteValues: false, promoteLongs: false, bsonRegExp: true } as const;

describe('conformance: BSON type exactness', () => {
  let t: Target;
  let coll: Collection;

  const sample = () => ({
    _id: new ObjectId(),
    int: new Int32(42),
    intDouble: new Double(1),
    double: new Double(2.5),
    smallLong: Long.fromNumber(5),
    bigLong: Long.fromString('9007199254740993'),
    decimal: Decimal128.fromString('1234567890.123456789012345678'),
    date: new Date('2024-02-29T12:34:56.789Z'),
    binary: new Binary(Buffer.from([0, 1, 2, 255])),
    uuid: new UUID('6a4c092a-5e5c-4bbc-84d4-ab115f6b6d61'),
    timestamp: new Timestamp({ t: 1_700_000_000, i: 7 }),
    regex: new BSONRegExp('^a.c$', 'imsx'),
    min: new MinKey(),
    max: new MaxKey(),
    nil: null,
    nested: { arr: [new Int32(1), new Double(2), Long.fromNumber(3), [new Int32(4)]], obj: { deep: 'yes' } },
    str: 'héllo wörld ✓',
    bool: false,
  });

  beforeAll(async () => {
    t = await openTarget();
  });
  afterAll(() => t.close());
  beforeEach(() => {
    coll = t.db.collection(`types_${Math.random().toString(36).slice(2)}`);
  });

  it('returns every stored BSON type exactly as inserted', async () => {
    const doc = sample();
    await coll.insertOne(doc);
    const back = await coll.findOne({ _id: doc._id }, EXACT);
    expect(back).toEqual(doc);
    expect(back?.['intDouble']).toBeInstanceOf(Double);
    expect(back?.['int']).toBeInstanceOf(Int32);
    expect(back?.['smallLong']).toBeInstanceOf(Long);
    expect(String(back?.['bigLong'])).toBe('9007199254740993');
    expect((back?.['uuid'] as Binary).sub_type).toBe(4);
  });

  it('keeps the types of untouched and arithmetic fields through updates', async () => {
    const doc = sample();
    await coll.insertOne(doc);
    await coll.updateOne({ _id: doc._id }, { $set: { str: 'changed' }, $inc: { smallLong: 1, int: 1 } });
    await coll.updateOne({ _id: doc._id }, { $inc: { intDouble: 1 }, $set: { newLong: Long.fromNumber(9), newDouble: new Double(3) } });
    const back = await coll.findOne({ _id: doc._id }, EXACT);
    expect(back?.['smallLong']).toEqual(Long.fromNumber(6));
    expect(back?.['int']).toEqual(new Int32(43));
    expect(back?.['intDouble']).toEqual(new Double(2));
    expect(back?.['newLong']).toEqual(Long.fromNumber(9));
    expect(back?.['newDouble']).toEqual(new Double(3));
    expect(back?.['bigLong']).toEqual(doc.bigLong);
    expect(back?.['decimal']).toEqual(doc.decimal);
    expect(back?.['nested']).toEqual(doc.nested);
    expect(back?.['regex']).toEqual(doc.regex);
    expect(back?.['timestamp']).toEqual(doc.timestamp);
    await coll.updateOne({ _id: doc._id }, { $rename: { smallLong: 'renamedLong', intDouble: 'renamedDouble' } });
    const renamed = await coll.findOne({ _id: doc._id }, EXACT);
    expect(renamed?.['renamedLong']).toEqual(Long.fromNumber(6));
    expect(renamed?.['renamedDouble']).toEqual(new Double(2));
    expect(renamed?.['smallLong']).toBeUndefined();
    const widened = await coll.findOneAndUpdate({ _id: doc._id }, { $inc: { int: new Double(0.5) } }, { returnDocument: 'after', ...EXACT });
    expect(widened?.['int']).toEqual(new Double(43.5));
  });

  it('keeps types through projections', async () => {
    const doc = sample();
    await coll.insertOne(doc);
    const back = await coll.findOne({ _id: doc._id }, { projection: { smallLong: 1, intDouble: 1, 'nested.arr': 1, _id: 0 }, ...EXACT });
    expect(back).toEqual({ smallLong: doc.smallLong, intDouble: doc.intDouble, nested: { arr: doc.nested.arr } });
  });

  it('matches $type by exact BSON type', async () => {
    await coll.insertOne(sample());
    const types: [string, string][] = [
      ['int', 'int'],
      ['intDouble', 'double'],
      ['double', 'double'],
      ['smallLong', 'long'],
      ['bigLong', 'long'],
      ['decimal', 'decimal'],
      ['date', 'date'],
      ['binary', 'binData'],
      ['_id', 'objectId'],
      ['timestamp', 'timestamp'],
      ['regex', 'regex'],
      ['nil', 'null'],
      ['str', 'string'],
      ['bool', 'bool'],
      ['nested', 'object'],
      ['nested.arr', 'array'],
      ['min', 'minKey'],
      ['max', 'maxKey'],
    ];
    for (const [field, type] of types) {
      expect([field, type, await coll.countDocuments({ [field]: { $type: type } })]).toEqual([field, type, 1]);
    }
    expect(await coll.countDocuments({ intDouble: { $type: 'int' } })).toBe(0);
    expect(await coll.countDocuments({ smallLong: { $type: 'int' } })).toBe(0);
    expect(await coll.countDocuments({ int: { $type: 'number' } })).toBe(1);
    expect(await coll.countDocuments({ int: { $type: 16 } })).toBe(1);
  });

  it('compares numbers by value across numeric types', async () => {
    await coll.insertMany([{ v: new Int32(5) }, { v: Long.fromNumber(5) }, { v: new Double(5) }, { v: 6 }, { v: new Double(4.5) }]);
    expect(await coll.countDocuments({ v: 5 })).toBe(3);
    expect(await coll.countDocuments({ v: Long.fromNumber(5) })).toBe(3);
    expect(await coll.countDocuments({ v: new Double(5) })).toBe(3);
    expect(await coll.countDocuments({ v: { $gt: 5 } })).toBe(1);
    expect(await coll.countDocuments({ v: { $gte: Long.fromNumber(5) } })).toBe(4);
    expect(await coll.countDocuments({ v: { $in: [4.5, 6] } })).toBe(2);
  });

  it('distinguishes null from missing', async () => {
    await coll.insertMany([{ k: 1, v: null }, { k: 2 }, { k: 3, v: 0 }, { k: 4, v: [null, 1] }]);
    const keys = async (filter: object) => (await coll.find(filter, { sort: { k: 1 } }).toArray()).map((d) => d['k']);
    expect(await keys({ v: null })).toEqual([1, 2, 4]);
    expect(await keys({ v: { $exists: false } })).toEqual([2]);
    expect(await keys({ v: { $exists: true } })).toEqual([1, 3, 4]);
    expect(await keys({ v: { $type: 'null' } })).toEqual([1, 4]);
    expect(await keys({ v: { $ne: null } })).toEqual([3]);
    const projected = await coll.findOne({ k: 2 }, { projection: { _id: 0, k: 1, v: 1 } });
    expect(projected).toEqual({ k: 2 });
  });
});
