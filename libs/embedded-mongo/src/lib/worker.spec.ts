import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { MongoClient } from 'mongodb';
import { WORKSPACE_ROOT } from '../testing/engine-process';
import { startInWorker } from './worker';

describe('startInWorker', () => {
  let dir: string;
  let script: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'engine-worker-'));
    // What a bundler emits as the worker entry; here the sources run through swc.
    script = path.join(dir, 'engine-worker.js');
    writeFileSync(
      script,
      `process.env.SWC_NODE_PROJECT = ${JSON.stringify(path.join(WORKSPACE_ROOT, 'libs/embedded-mongo/tsconfig.lib.json'))};
require(${JSON.stringify(require.resolve('@swc-node/register', { paths: [WORKSPACE_ROOT] }))});
require(${JSON.stringify(path.join(__dirname, 'worker.ts'))}).serveEngineWorker();
`,
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the driver from its own thread, keeps acknowledged writes across a restart, and stops cleanly', async () => {
    const dbPath = path.join(dir, 'db');
    const options = { socketPath: path.join(dbPath, 'mongod.sock'), dbPath };
    let engine = await startInWorker(options, script);
    let client = await MongoClient.connect(engine.uri);
    await client.db('t').collection('c').insertMany([{ n: 1 }, { n: 2 }]);
    await client.close();
    await engine.stop();
    await engine.stop(); // a second stop is the same stop

    engine = await startInWorker(options, script);
    client = await MongoClient.connect(engine.uri);
    expect(await client.db('t').collection('c').countDocuments()).toBe(2);
    await client.close();
    await engine.stop();
  });

  it('fails with the engine’s own reason when it cannot start', async () => {
    const dbPath = path.join(dir, 'locked');
    const first = await startInWorker({ socketPath: path.join(dbPath, 'a.sock'), dbPath }, script);
    try {
      await expect(startInWorker({ socketPath: path.join(dbPath, 'b.sock'), dbPath }, script)).rejects.toThrow(
        /lock|in use|already/i,
      );
      await expect(startInWorker({ port: 0, host: '0.0.0.0' }, script)).rejects.toThrow(/127\.0\.0\.1/);
    } finally {
      await first.stop();
    }
  });
});
