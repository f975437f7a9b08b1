import { type Document, serialize } from 'bson';
import { compileFilter } from '../query/filter';
import { parseSort } from '../query/sort';
import { Collection } from './collection';
import { CollectionIndex } from './collection-index';
import { planQuery } from './planner';
import { newStats, scanRecords } from './scan';

function collectionWith(docs: Document[], ...indexes: Document[]): Collection {
  const coll = new Collection('db', 'c');
  for (const spec of indexes) coll.addIndex(new CollectionIndex({ v: 2, ...spec }));
  for (const d of docs) coll.insert(Buffer.from(serialize(d)));
  return coll;
}

function run(coll: Collection, filter: Document, sort?: Document, hint?: unknown) {
  const plan = planQuery(coll, compileFilter(filter).exact, parseSort(sort), hint);
  const stats = newStats();
  const ids = [...scanRecords(coll, plan, stats)].map((r) => r.idKey);
  return { plan, stats, count: ids.length };
}

describe('planner', () => {
  const docs = Array.from({ length: 100 }, (_, i) => ({ _id: i, a: i % 10, b: i, tags: [i % 3, 10 + (i % 3)], s: i % 2 ? undefined : 'x' }));

  it('prefers the longest equality prefix, then a range, then a provided sort', () => {
    const coll = collectionWith(docs, { key: { a: 1 }, name: 'a_1' }, { key: { a: 1, b: -1 }, name: 'ab' }, { key: { b: 1 }, name: 'b_1' });
    const r = run(coll, { a: 3, b: { $gt: 50 } }, { b: -1 });
    expect(r.plan.stage).toBe('IXSCAN');
    expect(r.plan.index?.name).toBe('ab');
    expect(r.plan.providesSort).toBe(true);
    expect(r.count).toBe(5);
    expect(r.stats.keysExamined).toBe(5);
    const asc = run(coll, { a: 3 }, { b: 1 });
    expect(asc.plan.index?.name).toBe('ab');
    expect(asc.plan.direction).toBe(-1);
  });

  it('bounds descending fields correctly in both directions', () => {
    const coll = collectionWith(docs, { key: { b: -1 }, name: 'b_desc' });
    expect(run(coll, { b: { $gte: 10, $lt: 20 } }).count).toBe(10);
    expect(run(coll, { b: { $gt: 95 } }).count).toBe(4);
    expect(run(coll, { b: { $lte: 3 } }).count).toBe(4);
    expect(run(coll, { b: { $lt: 'z' } }).count).toBe(0);
  });

  it('merges $in points and does not claim sort order across them', () => {
    const coll = collectionWith(docs, { key: { a: 1, b: 1 }, name: 'ab' });
    const r = run(coll, { a: { $in: [7, 2, 7] } }, { b: 1 });
    expect(r.count).toBe(20);
    expect(r.plan.providesSort).toBe(false);
    expect(run(coll, { a: { $in: [1, 2] } }, { a: 1, b: 1 }).plan.providesSort).toBe(true);
  });

  it('deduplicates multikey entries and bounds only one side of a multikey range', () => {
    const coll = collectionWith(docs, { key: { tags: 1 }, name: 'tags_1' });
    const r = run(coll, { tags: { $gte: 0, $lte: 20 } });
    expect(r.count).toBe(100);
    expect(r.plan.index?.multikey).toBe(true);
    expect(run(coll, { tags: 10 }).count).toBe(34);
    expect(run(coll, {}, { tags: 1 }).plan.stage).toBe('COLLSCAN');
  });

  it('uses sparse indexes only when missing documents cannot match', () => {
    const coll = collectionWith(docs, { key: { s: 1 }, name: 's_1', sparse: true });
    expect(run(coll, { s: 'x' }).plan.index?.name).toBe('s_1');
    expect(run(coll, { s: null }).plan.stage).toBe('COLLSCAN');
    expect(run(coll, {}, { s: 1 }).plan.stage).toBe('COLLSCAN');
  });

  it('uses partial indexes only when the query implies the filter', () => {
    const coll = collectionWith(docs, { key: { a: 1 }, name: 'a_partial', partialFilterExpression: { s: 'x' } });
    expect(run(coll, { a: 2, s: 'x' }).plan.index?.name).toBe('a_partial');
    expect(run(coll, { a: 2 }).plan.stage).toBe('COLLSCAN');
  });

  it('sees writes made while a scan is paused', () => {
    const coll = collectionWith(docs, { key: { b: 1 }, name: 'b_1' });
    const plan = planQuery(coll, compileFilter({ b: { $gte: 0 } }).exact, undefined);
    const it = scanRecords(coll, plan, newStats());
    const first = it.next().value;
    expect(first?.idKey).toBeDefined();
    const victim = coll.findById(1);
    if (victim) coll.remove(victim);
    coll.insert(Buffer.from(serialize({ _id: 1000, b: 1000 })));
    const rest = [...it].map((r) => r.bson !== null);
    expect(rest).toHaveLength(99);
    expect(rest.every(Boolean)).toBe(true);
  });
});

describe('planner coverage', () => {
  const docs = Array.from({ length: 50 }, (_, i) => ({ _id: i, a: i % 5, b: i, arr: [i] }));

  it('marks plans whose bounds express the whole filter', () => {
    const coll = collectionWith(docs, { key: { a: 1, b: -1 }, name: 'ab' }, { key: { arr: 1 }, name: 'arr_1' });
    const covered = (filter: Document) => planQuery(coll, compileFilter(filter).exact, undefined).filterCovered;
    expect(covered({ a: 1 })).toBe(true);
    expect(covered({ a: 1, b: { $lt: 30 } })).toBe(true);
    expect(covered({ a: { $in: [1, 2] }, b: { $gte: 3, $lt: 9 } })).toBe(true);
    expect(covered({ b: { $lt: 30 } })).toBe(false);
    expect(covered({ a: 1, c: 2 })).toBe(false);
    expect(covered({ a: { $ne: 1 } })).toBe(false);
    expect(covered({ a: NaN })).toBe(false);
    expect(covered({ a: /x/ })).toBe(false);
    expect(covered({ $or: [{ a: 1 }] })).toBe(false);
    expect(covered({ arr: 3 })).toBe(false);
  });
});
