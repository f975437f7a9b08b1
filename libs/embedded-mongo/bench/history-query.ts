import { type Document, ObjectId, deserialize } from 'bson';
import { MongoClient } from 'mongodb';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnEngine } from '../src/testing/engine-process';
import { message, percentile } from './docs';
import { WireClient, frameCommand } from './wire-client';

export interface HistoryResult {
  documents: number;
  queries: number;
  /** Through the official driver (what the application sees). */
  p50: number;
  p99: number;
  max: number;
  /** Through a minimal OP_MSG client (the engine and the socket, without the driver's own cost). */
  wireP50: number;
  wireP99: number;
  keysExamined: number;
  docsExamined: number;
  loadSeconds: number;
}

/**
 * `find({conversationId, _id: {$lt: C}}).sort({_id: -1}).limit(50)` over `total` messages in
 * `conversations` conversations, timed through the official driver one query at a time.
 */
export async function historyQuery(total: number, conversations: number, queries: number): Promise<HistoryResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-history-'));
  const socket = path.join(dir, 'run', 'mongod.sock');
  const engine = await spawnEngine(['--socket', socket]);
  try {
    const convs = Array.from({ length: conversations }, () => new ObjectId());
    // Message ids kept as raw bytes: a million ObjectId objects would make this process's own GC
    // pauses show up in the latencies being measured.
    const perConversation = Math.ceil(total / conversations);
    const ids = convs.map(() => Buffer.alloc(perConversation * 12));
    const counts = new Array<number>(conversations).fill(0);
    const loader = await WireClient.connect({ path: socket });
    await loader.command({ createIndexes: 'messages', indexes: [{ key: { conversationId: 1, _id: -1 }, name: 'conversationId_1__id_-1' }], $db: 'bench' });
    const t0 = Date.now();
    const batch = 1000;
    for (let start = 0; start < total; start += batch) {
      const docs: Document[] = [];
      for (let i = start; i < Math.min(total, start + batch); i++) {
        const c = i % conversations;
        const m = message(convs[c], i);
        (m['_id'] as ObjectId).id.copy(ids[c], counts[c]++ * 12);
        docs.push(m);
      }
      const reply = await loader.command({ insert: 'messages', documents: docs, $db: 'bench' });
      if (reply['n'] !== docs.length) throw new Error(`load failed: ${JSON.stringify(reply)}`);
    }
    const loadSeconds = (Date.now() - t0) / 1000;
    loader.close();

    const client = await MongoClient.connect(engine.uri);
    const coll = client.db('bench').collection('messages');
    let seed = 42;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    const pick = () => {
      const c = rand(conversations);
      const at = 50 + rand(counts[c] - 50);
      return { conversationId: convs[c], before: new ObjectId(ids[c].subarray(at * 12, at * 12 + 12)) };
    };
    for (let i = 0; i < 200; i++) {
      const q = pick();
      await coll.find({ conversationId: q.conversationId, _id: { $lt: q.before } }).sort({ _id: -1 }).limit(50).toArray();
    }
    const times: number[] = [];
    for (let i = 0; i < queries; i++) {
      const q = pick();
      const t = process.hrtime.bigint();
      const page = await coll.find({ conversationId: q.conversationId, _id: { $lt: q.before } }).sort({ _id: -1 }).limit(50).toArray();
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (page.length !== 50) throw new Error(`expected 50 messages, got ${page.length}`);
    }
    times.sort((a, b) => a - b);
    const wire = await WireClient.connect({ path: socket });
    const wireTimes: number[] = [];
    for (let i = 0; i < queries; i++) {
      const q = pick();
      const t = process.hrtime.bigint();
      const reply = await wire.sendRaw(
        frameCommand({ find: 'messages', filter: { conversationId: q.conversationId, _id: { $lt: q.before } }, sort: { _id: -1 }, limit: 50, $db: 'bench' }),
      );
      wireTimes.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (i === 0 && (deserialize(reply)['cursor'] as Document)['firstBatch'].length !== 50) throw new Error('expected 50 messages');
    }
    wire.close();
    wireTimes.sort((a, b) => a - b);
    const q = pick();
    const explain = await coll.find({ conversationId: q.conversationId, _id: { $lt: q.before } }).sort({ _id: -1 }).limit(50).explain('executionStats');
    await client.close();
    return {
      documents: total,
      queries,
      p50: percentile(times, 50),
      p99: percentile(times, 99),
      max: times[times.length - 1],
      wireP50: percentile(wireTimes, 50),
      wireP99: percentile(wireTimes, 99),
      keysExamined: explain['executionStats']['totalKeysExamined'],
      docsExamined: explain['executionStats']['totalDocsExamined'],
      loadSeconds,
    };
  } finally {
    engine.child.kill('SIGTERM');
    await engine.exited;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
