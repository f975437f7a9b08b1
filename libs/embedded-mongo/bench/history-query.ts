import { type Document, ObjectId, deserialize } from 'bson';
import { MongoClient } from 'mongodb';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { start } from '../src';
import { spawnEngine } from '../src/testing/engine-process';
import { message, percentile } from './docs';
import { WireClient, frameCommand } from './wire-client';

export interface Latency {
  p50: number;
  p99: number;
  max: number;
}

export interface HistoryResult {
  documents: number;
  queries: number;
  /** The product's setup: engine in the same process as the application, official driver over its Unix socket. */
  inProcess: Latency;
  /** `npm run db` setup: engine in its own process, official driver. */
  separateProcess: Latency;
  /** Engine in its own process, minimal OP_MSG client: the engine and socket without the driver's cost. */
  engineOnly: Latency;
  keysExamined: number;
  docsExamined: number;
  loadSeconds: number;
}

const INDEX = { key: { conversationId: 1, _id: -1 }, name: 'conversationId_1__id_-1' };

/** Messages spread over conversations, with their ids kept as raw bytes (cheap for this process's GC). */
class Dataset {
  readonly conversations: ObjectId[];
  private readonly ids: Buffer[];
  private readonly counts: number[];
  private seed = 42;

  constructor(
    readonly total: number,
    conversations: number,
  ) {
    this.conversations = Array.from({ length: conversations }, () => new ObjectId());
    const per = Math.ceil(total / conversations);
    this.ids = this.conversations.map(() => Buffer.alloc(per * 12));
    this.counts = new Array<number>(conversations).fill(0);
  }

  batch(start: number, size: number): Document[] {
    const docs: Document[] = [];
    for (let i = start; i < Math.min(this.total, start + size); i++) {
      const c = i % this.conversations.length;
      const m = message(this.conversations[c], i);
      (m['_id'] as ObjectId).id.copy(this.ids[c], this.counts[c]++ * 12);
      docs.push(m);
    }
    return docs;
  }

  private rand(n: number): number {
    return (this.seed = (this.seed * 1103515245 + 12345) & 0x7fffffff) % n;
  }

  /** A random conversation and a cursor at least 50 messages into it. */
  pick(): { conversationId: ObjectId; before: ObjectId } {
    const c = this.rand(this.conversations.length);
    const at = 50 + this.rand(this.counts[c] - 50);
    return { conversationId: this.conversations[c], before: new ObjectId(this.ids[c].subarray(at * 12, at * 12 + 12)) };
  }
}

/** Rounds per measurement; the round with the median p99 is reported (all rounds go to the JSON). */
export const ROUNDS = 3;

async function timeQueries(queries: number, run: () => Promise<number>): Promise<Latency & { rounds: Latency[] }> {
  for (let i = 0; i < 200; i++) await run();
  const rounds: Latency[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const times: number[] = [];
    for (let i = 0; i < queries; i++) {
      const t = process.hrtime.bigint();
      const n = await run();
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (n !== 50) throw new Error(`expected 50 messages, got ${n}`);
    }
    times.sort((a, b) => a - b);
    rounds.push({ p50: percentile(times, 50), p99: percentile(times, 99), max: times[times.length - 1] });
  }
  const median = [...rounds].sort((a, b) => a.p99 - b.p99)[Math.floor(ROUNDS / 2)];
  return { ...median, rounds };
}

function driverQuery(client: MongoClient, data: Dataset): () => Promise<number> {
  const coll = client.db('bench').collection('messages');
  return async () => {
    const q = data.pick();
    const page = await coll.find({ conversationId: q.conversationId, _id: { $lt: q.before } }).sort({ _id: -1 }).limit(50).toArray();
    return page.length;
  };
}

/**
 * `find({conversationId, _id: {$lt: C}}).sort({_id: -1}).limit(50)` over `total` messages, one query
 * at a time, in the product's in-process setup and with the engine in its own process.
 */
export async function historyQuery(total: number, conversations: number, queries: number): Promise<HistoryResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-history-'));
  try {
    // In process, as the server embeds it.
    const data = new Dataset(total, conversations);
    const embedded = await start({ socketPath: path.join(dir, 'embedded', 'mongod.sock') });
    const t0 = Date.now();
    let inProcess: Latency & { rounds: Latency[] };
    {
      const client = await MongoClient.connect(embedded.uri);
      await client.db('bench').collection('messages').createIndex(INDEX.key, { name: INDEX.name });
      for (let s = 0; s < total; s += 1000) await client.db('bench').collection('messages').insertMany(data.batch(s, 1000));
      inProcess = await timeQueries(queries, driverQuery(client, data));
      await client.close();
    }
    const loadSeconds = (Date.now() - t0) / 1000;
    await embedded.stop();

    // In its own process, as `npm run db` runs it.
    const other = new Dataset(total, conversations);
    const socket = path.join(dir, 'run', 'mongod.sock');
    const engine = await spawnEngine(['--socket', socket]);
    try {
      const wire = await WireClient.connect({ path: socket });
      await wire.command({ createIndexes: 'messages', indexes: [INDEX], $db: 'bench' });
      for (let s = 0; s < total; s += 1000) {
        const docs = other.batch(s, 1000);
        const reply = await wire.command({ insert: 'messages', documents: docs, $db: 'bench' });
        if (reply['n'] !== docs.length) throw new Error(`load failed: ${JSON.stringify(reply)}`);
      }
      const client = await MongoClient.connect(engine.uri);
      const separateProcess = await timeQueries(queries, driverQuery(client, other));
      const engineOnly = await timeQueries(queries, async () => {
        const q = other.pick();
        const reply = deserialize(
          await wire.sendRaw(frameCommand({ find: 'messages', filter: { conversationId: q.conversationId, _id: { $lt: q.before } }, sort: { _id: -1 }, limit: 50, $db: 'bench' })),
        );
        return (reply['cursor'] as Document)['firstBatch'].length;
      });
      const q = other.pick();
      const explain = await client
        .db('bench')
        .collection('messages')
        .find({ conversationId: q.conversationId, _id: { $lt: q.before } })
        .sort({ _id: -1 })
        .limit(50)
        .explain('executionStats');
      wire.close();
      await client.close();
      return {
        documents: total,
        queries,
        inProcess,
        separateProcess,
        engineOnly,
        keysExamined: explain['executionStats']['totalKeysExamined'],
        docsExamined: explain['executionStats']['totalDocsExamined'],
        loadSeconds,
      };
    } finally {
      engine.child.kill('SIGTERM');
      await engine.exited;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
