import { ObjectId, serialize } from 'bson';
import { MongoClient } from 'mongodb';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnEngine } from '../src/testing/engine-process';
import { docOfSize } from './docs';
import { WireClient, frameCommand, writeAcked } from './wire-client';

export interface InsertResult {
  client: 'wire' | 'driver';
  writers: number;
  /** The median of the rounds. */
  insertsPerSec: number;
  rounds: number[];
  acked: number;
  verified: number;
}

/** Rounds per measurement, each on a fresh engine; the median is reported. */
export const ROUNDS = 3;

export async function insertThroughput(client: 'wire' | 'driver', writers: number, seconds: number): Promise<InsertResult> {
  const rounds: number[] = [];
  let acked = 0;
  let verified = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const one = await insertRound(client, writers, seconds);
    rounds.push(one.insertsPerSec);
    acked += one.acked;
    verified += one.verified;
  }
  const sorted = [...rounds].sort((a, b) => a - b);
  return { client, writers, insertsPerSec: sorted[Math.floor(ROUNDS / 2)], rounds, acked, verified };
}

/**
 * Durable inserts of 1 KiB documents, each writer waiting for its acknowledgement before the next
 * insert. The engine runs as `npm run db` does (its own process, Unix socket, data directory).
 */
async function insertRound(client: 'wire' | 'driver', writers: number, seconds: number): Promise<{ insertsPerSec: number; acked: number; verified: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-insert-'));
  const socket = path.join(dir, 'run', 'mongod.sock');
  const engine = await spawnEngine(['--socket', socket, '--dbpath', path.join(dir, 'db')]);
  try {
    const template = docOfSize(1024, { writer: 0, seq: 0 });
    if (serialize(template).length !== 1024) throw new Error('document is not 1 KiB');
    let acked = 0;
    let stop = false;
    const measure = async (run: () => Promise<void>[]) => {
      setTimeout(() => (stop = true), seconds * 1000).unref();
      const t0 = process.hrtime.bigint();
      await Promise.all(run());
      return Number(process.hrtime.bigint() - t0) / 1e9;
    };
    let secs: number;
    if (client === 'wire') {
      const clients = await Promise.all(Array.from({ length: writers }, () => WireClient.connect({ path: socket })));
      secs = await measure(() =>
        clients.map(async (c, w) => {
          const marker = new ObjectId();
          const frame = frameCommand({ insert: 'docs', documents: [{ ...template, _id: marker, writer: w }], ordered: true, $db: 'bench' });
          const at = frame.indexOf(Buffer.from(marker.id));
          for (let seq = 0; !stop; seq++) {
            new ObjectId().id.copy(frame, at);
            if (!writeAcked(await c.sendRaw(frame))) throw new Error('insert not acknowledged');
            acked++;
          }
        }),
      );
      clients.forEach((c) => c.close());
    } else {
      const mc = await MongoClient.connect(engine.uri, { maxPoolSize: Math.max(writers, 10) });
      const coll = mc.db('bench').collection('docs');
      secs = await measure(() =>
        Array.from({ length: writers }, async (_, w) => {
          for (let seq = 0; !stop; seq++) {
            await coll.insertOne({ ...template, _id: new ObjectId(), writer: w, seq });
            acked++;
          }
        }),
      );
      await mc.close();
    }
    const check = await MongoClient.connect(engine.uri);
    const verified = await check.db('bench').collection('docs').countDocuments();
    await check.close();
    if (verified !== acked) throw new Error(`acknowledged ${acked} inserts but ${verified} are stored`);
    return { insertsPerSec: acked / secs, acked, verified };
  } finally {
    engine.child.kill('SIGTERM');
    await engine.exited;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
