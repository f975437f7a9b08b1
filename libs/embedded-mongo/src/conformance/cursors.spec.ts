import { Long, type Collection } from 'mongodb';
import { openTarget, type Target } from './harness';

describe('conformance: cursors', () => {
  let t: Target;
  let coll: Collection;

  beforeAll(async () => {
    t = await openTarget();
    coll = t.db.collection('cursors');
    await coll.insertMany(Array.from({ length: 250 }, (_, i) => ({ i, pad: 'x'.repeat(100) })));
  });
  afterAll(() => t.close());

  it('iterates past the first batch with getMore', async () => {
    const seen: number[] = [];
    for await (const d of coll.find({}, { sort: { i: 1 } })) seen.push(d['i']);
    expect(seen).toEqual(Array.from({ length: 250 }, (_, i) => i));
  });

  it('honours batchSize and limit together', async () => {
    const docs = await coll.find({}, { batchSize: 7, limit: 30, sort: { i: -1 } }).toArray();
    expect(docs).toHaveLength(30);
    expect(docs[0]['i']).toBe(249);
    expect(docs[29]['i']).toBe(220);
  });

  it('returns a first batch of 101 and an open cursor by default', async () => {
    const reply = await t.db.command({ find: 'cursors', filter: {} }, { promoteLongs: false });
    expect(reply['cursor']['firstBatch']).toHaveLength(101);
    const id = reply['cursor']['id'] as Long;
    expect(id.isZero()).toBe(false);
    const more = await t.db.command({ getMore: id, collection: 'cursors', batchSize: 1000 }, { promoteLongs: false });
    expect(more['cursor']['nextBatch']).toHaveLength(149);
    expect((more['cursor']['id'] as Long).isZero()).toBe(true);
  });

  it('closes the cursor when the first batch holds everything', async () => {
    const reply = await t.db.command({ find: 'cursors', filter: { i: { $lt: 5 } } });
    expect(reply['cursor']['firstBatch']).toHaveLength(5);
    expect(Number(reply['cursor']['id'])).toBe(0);
    const single = await t.db.command({ find: 'cursors', filter: {}, batchSize: 3, singleBatch: true });
    expect(single['cursor']['firstBatch']).toHaveLength(3);
    expect(Number(single['cursor']['id'])).toBe(0);
  });

  it('kills cursors with killCursors', async () => {
    const reply = await t.db.command({ find: 'cursors', filter: {}, batchSize: 2 }, { promoteLongs: false });
    const id = reply['cursor']['id'] as Long;
    const killed = await t.db.command({ killCursors: 'cursors', cursors: [id] }, { promoteLongs: false });
    expect(killed['cursorsKilled'].map(String)).toEqual([id.toString()]);
    const err = await t.db.command({ getMore: id, collection: 'cursors' }).catch((e: unknown) => e);
    expect((err as { code: number }).code).toBe(43);
    const cursor = coll.find({}, { batchSize: 2 });
    await cursor.next();
    await cursor.close();
  });

  it('keeps a paused cursor consistent with concurrent writes', async () => {
    const c = t.db.collection('cursor_writes');
    await c.insertMany(Array.from({ length: 20 }, (_, i) => ({ i })));
    const cursor = c.find({}, { batchSize: 5 });
    const first: number[] = [];
    for (let k = 0; k < 5; k++) first.push((await cursor.next())?.['i']);
    await c.deleteMany({ i: { $gte: 5, $lt: 10 } });
    const rest: number[] = [];
    for await (const d of cursor) rest.push(d['i']);
    expect(first).toEqual([0, 1, 2, 3, 4]);
    expect(rest.every((i) => i < 5 || i >= 10)).toBe(true);
    expect(rest.filter((i) => i >= 10)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
  });
});
