import { type Collection, type Document, ObjectId } from 'mongodb';
import { openTarget, type Target } from './harness';

/** Finds the first stage of a type anywhere in an explain plan (classic or SBE shapes). */
function findStage(plan: unknown, stage: string): Document | undefined {
  if (plan === null || typeof plan !== 'object') return undefined;
  if ((plan as Document)['stage'] === stage) return plan as Document;
  for (const v of Object.values(plan as Document)) {
    const found = Array.isArray(v) ? v.map((x) => findStage(x, stage)).find(Boolean) : findStage(v, stage);
    if (found) return found;
  }
  return undefined;
}

describe('conformance: index use and explain', () => {
  let t: Target;
  let messages: Collection;
  const conversations = Array.from({ length: 20 }, () => new ObjectId());
  const ids: ObjectId[][] = conversations.map(() => []);

  beforeAll(async () => {
    t = await openTarget();
    messages = t.db.collection('messages');
    await messages.createIndex({ conversationId: 1, _id: -1 });
    const docs: Document[] = [];
    for (let i = 0; i < 4000; i++) {
      const c = i % conversations.length;
      const _id = new ObjectId();
      ids[c].push(_id);
      docs.push({ _id, conversationId: conversations[c], text: `message ${i}`, at: new Date(1_700_000_000_000 + i) });
    }
    await messages.insertMany(docs);
  });
  afterAll(() => t.close());

  it('serves the history query from the compound index, reading about `limit` documents', async () => {
    const c = 3;
    const before = ids[c][150];
    const query = { conversationId: conversations[c], _id: { $lt: before } };
    const page = await messages.find(query).sort({ _id: -1 }).limit(50).toArray();
    expect(page.map((d) => String(d._id))).toEqual(ids[c].slice(100, 150).reverse().map(String));
    const explain = await messages.find(query).sort({ _id: -1 }).limit(50).explain('executionStats');
    const ixscan = findStage(explain['queryPlanner']['winningPlan'], 'IXSCAN');
    expect(ixscan?.['indexName']).toBe('conversationId_1__id_-1');
    expect(findStage(explain['queryPlanner']['winningPlan'], 'SORT')).toBeUndefined();
    const stats = explain['executionStats'];
    expect(stats['nReturned']).toBe(50);
    expect(stats['totalKeysExamined']).toBeLessThanOrEqual(51);
    expect(stats['totalDocsExamined']).toBeLessThanOrEqual(51);
  });

  it('walks the index backwards for the opposite sort', async () => {
    const c = 5;
    const page = await messages.find({ conversationId: conversations[c] }).sort({ _id: 1 }).limit(10).toArray();
    expect(page.map((d) => String(d._id))).toEqual(ids[c].slice(0, 10).map(String));
    const explain = await messages.find({ conversationId: conversations[c] }).sort({ _id: 1 }).limit(10).explain('executionStats');
    expect(findStage(explain['queryPlanner']['winningPlan'], 'IXSCAN')?.['direction']).toBe('backward');
    expect(explain['executionStats']['totalDocsExamined']).toBeLessThanOrEqual(11);
  });

  it('uses an equality prefix with $in and a point lookup on _id', async () => {
    const explain = await messages.find({ conversationId: { $in: [conversations[0], conversations[1]] } }).explain('executionStats');
    expect(findStage(explain['queryPlanner']['winningPlan'], 'IXSCAN')).toBeDefined();
    expect(explain['executionStats']['nReturned']).toBe(400);
    expect(explain['executionStats']['totalDocsExamined']).toBe(400);
    const byId = await messages.find({ _id: ids[7][3] }).explain('executionStats');
    expect(byId['executionStats']['totalDocsExamined']).toBe(1);
  });

  it('reports a collection scan when no index applies', async () => {
    const explain = await messages.find({ text: 'message 17' }).explain('executionStats');
    expect(findStage(explain['queryPlanner']['winningPlan'], 'COLLSCAN')).toBeDefined();
    expect(findStage(explain['queryPlanner']['winningPlan'], 'IXSCAN')).toBeUndefined();
    expect(explain['executionStats']['nReturned']).toBe(1);
    expect(explain['executionStats']['totalDocsExamined']).toBe(4000);
  });

  it('uses a range on a single-field index, in either direction', async () => {
    await messages.createIndex({ at: -1 });
    const from = new Date(1_700_000_000_000 + 100);
    const to = new Date(1_700_000_000_000 + 110);
    const docs = await messages.find({ at: { $gte: from, $lt: to } }).sort({ at: 1 }).toArray();
    expect(docs.map((d) => d['text'])).toEqual(Array.from({ length: 10 }, (_, i) => `message ${100 + i}`));
    const explain = await messages.find({ at: { $gte: from, $lt: to } }).sort({ at: 1 }).explain('executionStats');
    expect(findStage(explain['queryPlanner']['winningPlan'], 'IXSCAN')?.['indexName']).toBe('at_-1');
    expect(explain['executionStats']['totalDocsExamined']).toBe(10);
  });

  it('honours hints, including $natural', async () => {
    const natural = await messages.find({ conversationId: conversations[0] }).hint({ $natural: 1 }).explain('executionStats');
    expect(findStage(natural['queryPlanner']['winningPlan'], 'COLLSCAN')).toBeDefined();
    const named = await messages.find({}).hint('conversationId_1__id_-1').limit(5).explain('executionStats');
    expect(findStage(named['queryPlanner']['winningPlan'], 'IXSCAN')?.['indexName']).toBe('conversationId_1__id_-1');
    const bad = await messages.find({}).hint('no_such_index').toArray().catch((e: { code: number }) => e);
    expect((bad as { code: number }).code).toBe(2);
  });

  it('explains aggregations and counts', async () => {
    const agg = await messages.aggregate([{ $match: { conversationId: conversations[2] } }, { $count: 'n' }]).explain('executionStats');
    expect(findStage(agg, 'IXSCAN')).toBeDefined();
    const [counted] = await messages.aggregate([{ $match: { conversationId: conversations[2] } }, { $count: 'n' }]).toArray();
    expect(counted).toEqual({ n: 200 });
  });
});
