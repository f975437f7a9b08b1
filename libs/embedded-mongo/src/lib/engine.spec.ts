import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { MongoClient } from 'mongodb';
import { start } from './engine';

describe('start()', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('serves TCP on 127.0.0.1 with a mongodb:// URI', async () => {
    const engine = await start({ port: 0 });
    expect(engine.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+$/);
    const client = await MongoClient.connect(engine.uri);
    expect((await client.db('admin').command({ ping: 1 }))['ok']).toBe(1);
    await client.close();
    await engine.stop();
    await engine.stop();
  });

  it('serves a Unix socket in a private directory, reachable through the URI', async () => {
    const socketPath = path.join(dir, 'run', 'mongod.sock');
    const engine = await start({ socketPath });
    expect(engine.uri).toBe(`mongodb://${encodeURIComponent(socketPath)}`);
    expect(fs.statSync(path.dirname(socketPath)).mode & 0o777).toBe(0o700);
    expect(fs.statSync(socketPath).mode & 0o777).toBe(0o600);
    const client = await MongoClient.connect(engine.uri);
    await client.db('x').collection('y').insertOne({ via: 'socket' });
    expect(await client.db('x').collection('y').countDocuments()).toBe(1);
    await client.close();
    await engine.stop();
    expect(fs.existsSync(socketPath)).toBe(false);
  });

  it('refuses a socket directory that other users can enter', async () => {
    const open = path.join(dir, 'shared');
    fs.mkdirSync(open, { mode: 0o755 });
    fs.chmodSync(open, 0o755);
    await expect(start({ socketPath: path.join(open, 'mongod.sock') })).rejects.toThrow(/0700/);
  });

  it('replaces a stale socket file but refuses one that is still served', async () => {
    const socketPath = path.join(dir, 'mongod.sock');
    const live = net.createServer();
    await new Promise<void>((r) => live.listen(socketPath, r));
    await expect(start({ socketPath })).rejects.toThrow(/already listening/);
    await new Promise((r) => live.close(r));
    // A process killed while listening leaves its socket file behind.
    const child = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(socketPath)}, () => process.kill(process.pid, 'SIGKILL'))`]);
    await new Promise((r) => child.once('exit', r));
    expect(fs.existsSync(socketPath)).toBe(true);
    const engine = await start({ socketPath });
    const client = await MongoClient.connect(engine.uri);
    await client.close();
    await engine.stop();
  });

  it('validates its options', async () => {
    await expect(start({ port: 0, host: '0.0.0.0' })).rejects.toThrow(/127\.0\.0\.1/);
    await expect(start({ port: 0, host: 'localhost' })).rejects.toThrow(/refusing/);
    await expect(start({})).rejects.toThrow(/port .* or a socketPath/);
    await expect(start({ port: -1 })).rejects.toThrow(/invalid port/);
    await expect(start({ socketPath: path.join(dir, 'nosuffix') })).rejects.toThrow(/\.sock/);
  });

  it('closes client connections on stop', async () => {
    const engine = await start({ port: 0 });
    const port = Number(engine.uri.split(':').pop());
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    const closed = new Promise((r) => socket.once('close', r));
    await engine.stop();
    await closed;
  });
});
