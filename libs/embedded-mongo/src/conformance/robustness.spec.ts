import { serialize } from 'bson';
import { MongoClient } from 'mongodb';
import type * as net from 'node:net';
import { openTarget, type Target } from './harness';
import { type Outcome, exchange, frame, opMsg, rawConnect } from './raw-wire';

/** An error reply or a closed connection; never silence, never a crash. */
function expectRejected(o: Outcome): void {
  if (o.kind === 'reply') expect(o.doc['ok']).toBe(0);
  else expect(o.kind).toBe('closed');
}

describe('conformance: robustness', () => {
  let t: Target;
  const sockets: net.Socket[] = [];
  const open = async () => {
    const s = await rawConnect(t.uri);
    sockets.push(s);
    return s;
  };

  beforeAll(async () => {
    t = await openTarget();
  });
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    expect((await t.client.db('admin').command({ ping: 1 }))['ok']).toBe(1);
  });
  afterAll(() => t.close());

  it('answers a well-formed raw OP_MSG', async () => {
    const o = await exchange(await open(), opMsg({ ping: 1, $db: 'admin' }));
    expect(o).toEqual({ kind: 'reply', doc: { ok: 1 } });
  });

  it('answers the legacy OP_QUERY handshake with OP_REPLY and refuses other legacy commands', async () => {
    const query = (cmd: object) =>
      frame(2004, Buffer.concat([Buffer.alloc(4), Buffer.from('admin.$cmd\0'), Buffer.from([0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]), serialize(cmd)]));
    const hello = await exchange(await open(), query({ isMaster: 1, helloOk: true }));
    expect(hello.kind).toBe('reply');
    if (hello.kind === 'reply') {
      expect(hello.doc['ismaster']).toBe(true);
      expect(hello.doc['helloOk']).toBe(true);
      expect(hello.doc['maxWireVersion']).toBeGreaterThanOrEqual(21);
    }
    expectRejected(await exchange(await open(), query({ find: 'x' })));
  });

  it('closes the connection on impossible message lengths', async () => {
    const huge = Buffer.alloc(16);
    huge.writeInt32LE(0x7fffffff, 0);
    huge.writeInt32LE(2013, 12);
    expectRejected(await exchange(await open(), huge));
    const tiny = Buffer.alloc(16);
    tiny.writeInt32LE(5, 0);
    expectRejected(await exchange(await open(), tiny));
    const negative = Buffer.alloc(16);
    negative.writeInt32LE(-20, 0);
    expectRejected(await exchange(await open(), negative));
  });

  it('rejects unknown opcodes and compressed messages', async () => {
    expectRejected(await exchange(await open(), frame(9999, Buffer.alloc(20))));
    expectRejected(await exchange(await open(), frame(2012, Buffer.alloc(9))));
  });

  it('rejects malformed OP_MSG sections and BSON', async () => {
    const badBson = Buffer.concat([Buffer.alloc(4), Buffer.from([0]), Buffer.from([40, 0, 0, 0, 2, 0x61, 0, 0xff, 0xff, 0xff, 0x7f, 0])]);
    expectRejected(await exchange(await open(), frame(2013, badBson)));
    const badKind = Buffer.concat([Buffer.alloc(4), Buffer.from([7, 1, 2, 3])]);
    expectRejected(await exchange(await open(), frame(2013, badKind)));
    expectRejected(await exchange(await open(), frame(2013, Buffer.alloc(4))));
  });

  it('reports missing $db and unknown commands as errors', async () => {
    const s = await open();
    expectRejected(await exchange(s, opMsg({ ping: 1 })));
    const o = await exchange(await open(), opMsg({ notACommand: 1, $db: 'admin' }));
    expect(o.kind === 'reply' && o.doc['code']).toBe(59);
  });

  it('survives truncated frames and abrupt disconnects while serving others', async () => {
    const s = await open();
    const full = opMsg({ ping: 1, $db: 'admin' });
    s.write(full.subarray(0, full.length - 5));
    expect((await t.client.db('admin').command({ ping: 1 }))['ok']).toBe(1);
    s.destroy();
    const s2 = await open();
    s2.end(full.subarray(0, 10));
  });

  it('never crashes on random frames', async () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let i = 0; i < 60; i++) {
      const body = Buffer.alloc(Math.floor(rand() * 200));
      for (let j = 0; j < body.length; j++) body[j] = Math.floor(rand() * 256);
      if (body.length > 5 && rand() < 0.5) body[4] = rand() < 0.5 ? 0 : 1;
      const opCode = [2013, 2004, 1, 2012, 42][Math.floor(rand() * 5)];
      const o = await exchange(await open(), frame(opCode, body), 1000);
      if (o.kind === 'reply') expect(o.doc['ok']).toBe(0);
      else expect(o.kind).toBe('closed');
    }
  });

  it('rejects documents over 16 MiB without disturbing the connection', async () => {
    // { blob: '<17 MiB>' } built by hand (the bson serializer's own buffer stops at 17 MiB).
    const text = 17 * 1024 * 1024;
    const doc = Buffer.alloc(4 + 1 + 5 + 4 + text + 1 + 1);
    doc.writeInt32LE(doc.length, 0);
    doc[4] = 0x02;
    doc.write('blob\0', 5, 'latin1');
    doc.writeInt32LE(text + 1, 10);
    doc.fill(0x78, 14, 14 + text);
    const seqId = Buffer.from('documents\0', 'latin1');
    const seqSize = Buffer.alloc(4);
    seqSize.writeInt32LE(4 + seqId.length + doc.length, 0);
    const body = Buffer.concat([Buffer.alloc(4), Buffer.from([0]), serialize({ insert: 'big', $db: t.dbName }), Buffer.from([1]), seqSize, seqId, doc]);
    const s = await open();
    const o = await exchange(s, frame(2013, body), 10_000);
    if (o.kind === 'reply') {
      const writeErrors = o.doc['writeErrors'] as { code: number }[] | undefined;
      expect(o.doc['ok'] === 0 || (writeErrors?.length ?? 0) > 0).toBe(true);
    } else expect(o.kind).toBe('closed');
    expect(await t.db.collection('big').countDocuments()).toBe(0);
  });

  it('answers pipelined requests in order even when the client reads slowly', async () => {
    const big = t.db.collection('pipelined');
    await big.insertMany(Array.from({ length: 200 }, (_, i) => ({ i, blob: 'b'.repeat(10_000) })));
    const s = await open();
    const count = 20;
    for (let i = 1; i <= count; i++) s.write(opMsg({ find: 'pipelined', filter: {}, batchSize: 1000, $db: t.dbName }, i));
    s.pause();
    await new Promise((r) => setTimeout(r, 300));
    const ids: number[] = [];
    let buf = Buffer.alloc(0);
    await new Promise<void>((resolve, reject) => {
      s.on('data', (chunk: Buffer) => {
        buf = Buffer.concat([buf, chunk]);
        while (buf.length >= 4 && buf.length >= buf.readInt32LE(0)) {
          ids.push(buf.readInt32LE(8));
          buf = buf.subarray(buf.readInt32LE(0));
        }
        if (ids.length === count) resolve();
      });
      s.once('close', () => reject(new Error('closed')));
      s.resume();
    });
    expect(ids).toEqual(Array.from({ length: count }, (_, i) => i + 1));
  });

  it('serves many concurrent connections without corrupting state', async () => {
    const clients = await Promise.all(
      Array.from({ length: 8 }, () => MongoClient.connect(t.uri, { maxPoolSize: 25, minPoolSize: 0 })),
    );
    try {
      const coll = t.db.collection('concurrent');
      await coll.createIndex({ k: 1 }, { unique: true });
      await Promise.all(
        clients.flatMap((c, ci) =>
          Array.from({ length: 50 }, async (_, i) => {
            const cc = c.db(t.dbName).collection('concurrent');
            await cc.insertOne({ k: `${ci}-${i}`, n: 0 });
            await cc.updateOne({ k: `${ci}-${i}` }, { $inc: { n: 1 } });
            await cc.updateOne({ k: 'shared' }, { $inc: { n: 1 } }, { upsert: true }).catch(async (e: { code?: number }) => {
              if (e.code !== 11000) throw e;
              await cc.updateOne({ k: 'shared' }, { $inc: { n: 1 } });
            });
          }),
        ),
      );
      const rawSockets = await Promise.all(Array.from({ length: 40 }, () => open()));
      const hellos = await Promise.all(rawSockets.map((s, i) => exchange(s, opMsg({ hello: 1, $db: 'admin' }, i + 1))));
      expect(hellos.every((h) => h.kind === 'reply' && h.doc['ok'] === 1)).toBe(true);
      expect(await coll.countDocuments({ n: 1, k: { $ne: 'shared' } })).toBe(400);
      expect((await coll.findOne({ k: 'shared' }))?.['n']).toBe(400);
    } finally {
      // Closed whatever happened above, so a failure never leaves pools that keep Jest alive.
      await Promise.all(clients.map((c) => c.close(true)));
    }
    // 1,200 durable writes over 8 pools: seconds on a loaded shared machine, far beyond Jest's default 5 s.
  }, 60_000);
});
