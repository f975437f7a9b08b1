import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MongoClient } from 'mongodb';
import { Engine } from '../engine';
import { listCheckpoints } from './checkpoint';
import { listSegments } from './journal';
import { LOCK_FILE } from './lock-file';

describe('durable storage', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function withEngine<T>(fn: (client: MongoClient, engine: Engine) => Promise<T>, checkpointBytes?: number): Promise<T> {
    const engine = await Engine.start({ port: 0, dbPath: dir, checkpointBytes });
    const client = await MongoClient.connect(engine.uri);
    try {
      return await fn(client, engine);
    } finally {
      await client.close();
      await engine.stop();
    }
  }

  it('keeps documents, indexes and catalog changes across restarts', async () => {
    await withEngine(async (c) => {
      const db = c.db('app');
      await db.collection('users').createIndex({ email: 1 }, { unique: true });
      await db.collection('users').insertMany([{ email: 'a' }, { email: 'b' }, { email: 'c' }]);
      await db.collection('users').updateOne({ email: 'b' }, { $set: { admin: true } });
      await db.collection('users').deleteOne({ email: 'c' });
      await db.collection('tmp').insertOne({ x: 1 });
      await db.collection('tmp').rename('renamed');
      await db.collection('gone').insertOne({});
      await db.collection('gone').drop();
      await db.collection('ttl').createIndex({ at: 1 }, { expireAfterSeconds: 3600 });
    });
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    await withEngine(async (c) => {
      const db = c.db('app');
      expect(await db.collection('users').find({}, { projection: { _id: 0 } }).toArray()).toEqual([{ email: 'a' }, { email: 'b', admin: true }]);
      expect((await db.collection('users').insertOne({ email: 'a' }).catch((e: { code: number }) => e)) as { code: number }).toMatchObject({ code: 11000 });
      const names = (await db.listCollections().toArray()).map((x) => x.name).sort();
      expect(names).toEqual(['renamed', 'ttl', 'users']);
      const ttl = (await db.collection('ttl').indexes()).find((i) => i['name'] === 'at_1');
      expect(ttl?.['expireAfterSeconds']).toBe(3600);
    });
  });

  it('takes checkpoints that bound the journal and recovers from them', async () => {
    await withEngine(async (c, engine) => {
      const coll = c.db('app').collection('bulk');
      for (let i = 0; i < 20; i++) await coll.insertMany(Array.from({ length: 50 }, (_, j) => ({ i, j, pad: 'p'.repeat(200) })));
      await coll.updateMany({ i: { $lt: 5 } }, { $set: { updated: true } });
      await engine.durable?.checkpoint(engine.store);
      expect(listCheckpoints(dir).length).toBe(1);
      expect(listSegments(dir).length).toBe(1);
      await coll.insertOne({ after: 'checkpoint' });
    }, 64 * 1024);
    const engine = await Engine.start({ port: 0, dbPath: dir });
    expect(engine.durable?.recovery.checkpoint).toBeDefined();
    const client = await MongoClient.connect(engine.uri);
    const coll = client.db('app').collection('bulk');
    expect(await coll.countDocuments()).toBe(1001);
    expect(await coll.countDocuments({ updated: true })).toBe(250);
    expect(await coll.countDocuments({ after: 'checkpoint' })).toBe(1);
    await client.close();
    await engine.stop();
  });

  it('refuses a second engine on the same data directory with a clear message', async () => {
    const first = await Engine.start({ port: 0, dbPath: dir });
    await expect(Engine.start({ port: 0, dbPath: dir })).rejects.toThrow(/in use/);
    await first.stop();
    const again = await Engine.start({ port: 0, dbPath: dir });
    await again.stop();
  });

  it('takes over a lock left by a process that no longer exists', async () => {
    fs.writeFileSync(path.join(dir, LOCK_FILE), '2147483646 12345\n');
    const engine = await Engine.start({ port: 0, dbPath: dir });
    expect(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')).toMatch(new RegExp(`^${process.pid} `));
    await engine.stop();
  });

  it('recovers after a torn journal tail', async () => {
    await withEngine(async (c) => {
      await c.db('app').collection('t').insertMany([{ n: 1 }, { n: 2 }]);
    });
    const [seg] = listSegments(dir);
    const file = path.join(dir, `journal.${String(seg).padStart(10, '0')}.wal`);
    fs.appendFileSync(file, Buffer.from([200, 0, 0, 0, 1, 2, 3]));
    await withEngine(async (c, engine) => {
      expect(engine.durable?.recovery.tornTail).toBe(true);
      expect(await c.db('app').collection('t').countDocuments()).toBe(2);
      await c.db('app').collection('t').insertOne({ n: 3 });
    });
    await withEngine(async (c) => {
      expect(await c.db('app').collection('t').countDocuments()).toBe(3);
    });
  });

  it('creates the data directory private (0700)', async () => {
    const nested = path.join(dir, 'a', 'db');
    const engine = await Engine.start({ port: 0, dbPath: nested });
    expect(fs.statSync(nested).mode & 0o777).toBe(0o700);
    await engine.stop();
  });

  it('makes an existing data directory private, so the socket may live in it', async () => {
    const dataDir = path.join(dir, 'open');
    fs.mkdirSync(dataDir, { mode: 0o755 });
    fs.chmodSync(dataDir, 0o755);
    const engine = await Engine.start({ socketPath: path.join(dataDir, 'mongod.sock'), dbPath: dataDir });
    expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
    const client = await MongoClient.connect(engine.uri);
    await client.db('x').collection('y').insertOne({ a: 1 });
    await client.close();
    await engine.stop();
  });
});
