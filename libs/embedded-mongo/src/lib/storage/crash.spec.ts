import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MongoClient, ObjectId } from 'mongodb';
import { spawnEngine } from '../../testing/engine-process';
import { Engine } from '../engine';
import { LOCK_FILE } from './lock-file';

describe('crash safety (kill -9)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crash-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps every acknowledged insert when the process is killed mid-write', async () => {
    const first = await spawnEngine(['--port', '0', '--dbpath', dir]);
    const client = new MongoClient(first.uri, { maxPoolSize: 32, serverSelectionTimeoutMS: 2000, retryWrites: false });
    await client.connect();
    const coll = client.db('crash').collection('docs');
    await coll.createIndex({ writer: 1, seq: 1 }, { unique: true });
    const acked: ObjectId[] = [];
    let stop = false;
    const writer = async (w: number) => {
      for (let seq = 0; !stop; seq++) {
        const _id = new ObjectId();
        try {
          await coll.insertOne({ _id, writer: w, seq, pad: 'x'.repeat(300) });
          acked.push(_id);
        } catch {
          return;
        }
      }
    };
    const writers = Array.from({ length: 24 }, (_, w) => writer(w));
    while (acked.length < 1500) await new Promise((r) => setTimeout(r, 10));
    first.child.kill('SIGKILL');
    await first.exited;
    stop = true;
    await Promise.all(writers);
    await client.close(true);
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(true);

    const second = await spawnEngine(['--port', '0', '--dbpath', dir]);
    await expect(Engine.start({ port: 0, dbPath: dir })).rejects.toThrow(new RegExp(`in use by process ${second.child.pid}`));
    const reader = await MongoClient.connect(second.uri);
    const present = new Set(
      (await reader.db('crash').collection('docs').find({}, { projection: { _id: 1 } }).toArray()).map((d) => String(d._id)),
    );
    const missing = acked.filter((id) => !present.has(String(id)));
    expect(missing).toEqual([]);
    expect(present.size).toBeGreaterThanOrEqual(acked.length);
    await reader.close();
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  }, 120_000);
});
