import { randomUUID } from 'node:crypto';
import { RedisConnection } from '@chat/api/util';
import { startRedisServer, TestRedisServer } from '@chat/api/util/testing';
import { PresenceListener } from './presence-store';
import { RedisPresenceStore } from './redis-presence.store';

async function waitUntilReady(connection: RedisConnection): Promise<void> {
  if (connection.commands.status === 'ready') return;
  await new Promise((ready) => connection.commands.once('ready', ready));
}

/** Fast timing so expiry shows within a test. */
const TIMING = { refreshMs: 100, ttlMs: 400, sweepMs: 50 };

/** Records what a store reports and resolves when a user is reported. */
class Heard implements PresenceListener {
  readonly events: string[] = [];
  private waiters: Array<{ event: string; done: () => void }> = [];
  expired(userId: string): void {
    this.push(`expired:${userId}`);
  }
  restored(userId: string): void {
    this.push(`restored:${userId}`);
  }
  next(event: string): Promise<void> {
    if (this.events.includes(event)) return Promise.resolve();
    return new Promise((done) => this.waiters.push({ event, done }));
  }
  private push(event: string): void {
    this.events.push(event);
    this.waiters.filter((w) => w.event === event).forEach((w) => w.done());
    this.waiters = this.waiters.filter((w) => w.event !== event);
  }
}

describe('RedisPresenceStore (against redis-server)', () => {
  let server: TestRedisServer;
  let connection: RedisConnection;
  /** Two stores on one connection: two server instances. */
  let a: RedisPresenceStore;
  let b: RedisPresenceStore;
  let heardA: Heard;
  let heardB: Heard;
  const user = () => randomUUID();

  beforeAll(async () => {
    server = await startRedisServer();
    connection = await RedisConnection.open(server.url);
  });
  beforeEach(async () => {
    await connection.commands.flushall();
    a = new RedisPresenceStore(connection.commands, TIMING);
    b = new RedisPresenceStore(connection.commands, TIMING);
    heardA = new Heard();
    heardB = new Heard();
    a.watch(heardA);
    b.watch(heardB);
  });
  afterEach(() => {
    a.stop();
    b.stop();
  });
  afterAll(async () => {
    await connection?.close();
    await server?.stop(true);
  });

  it('is online from the first socket on any instance to the last', async () => {
    const u = user();
    expect(await a.add(u, 's1')).toBe(true);
    expect(await b.add(u, 's2')).toBe(false);
    expect(await b.isOnline(u)).toBe(true);
    expect(await a.remove(u, 's1')).toBe(false);
    expect(await a.isOnline(u)).toBe(true);
    expect(await b.remove(u, 's2')).toBe(true);
    expect(await a.isOnline(u)).toBe(false);
  });

  it('ignores a socket removed twice or never added', async () => {
    const u = user();
    await a.add(u, 's1');
    expect(await a.remove(u, 'unknown')).toBe(false);
    expect(await b.remove(u, 's1')).toBe(true);
    expect(await a.remove(u, 's1')).toBe(false);
    expect(await a.remove(user(), 's1')).toBe(false);
  });

  it('tells which of several users are online, wherever their sockets are', async () => {
    const [x, y, z] = [user(), user(), user()];
    await a.add(x, 's1');
    await b.add(z, 's2');
    expect(await a.onlineAmong([x, y, z])).toEqual(new Set([x, z]));
    expect(await a.onlineAmong([])).toEqual(new Set());
  });

  it('keeps the sockets of a live instance online past their first expiry', async () => {
    const u = user();
    a.start();
    b.start();
    await a.add(u, 's1');
    await new Promise((wait) => setTimeout(wait, TIMING.ttlMs * 3));
    expect(await b.isOnline(u)).toBe(true);
    expect(heardA.events).toEqual([]);
    expect(heardB.events).toEqual([]);
  });

  it('takes the users of a dead instance offline, announced once by a live one', async () => {
    const [u, v] = [user(), user()];
    b.start();
    await a.add(u, 's1'); // a never refreshes: it died
    await a.add(u, 's2');
    await a.add(v, 's3');
    await b.add(v, 's4'); // v is still online through b
    await heardB.next(`expired:${u}`);
    expect(await b.isOnline(u)).toBe(false);
    expect(await b.isOnline(v)).toBe(true);
    await new Promise((wait) => setTimeout(wait, TIMING.sweepMs * 4));
    expect(heardB.events).toEqual([`expired:${u}`]);
  });

  it('puts back sockets Redis lost, and reports their users online again', async () => {
    const u = user();
    a.start();
    await a.add(u, 's1');
    await connection.commands.flushall();
    expect(await b.isOnline(u)).toBe(false);
    await heardA.next(`restored:${u}`);
    expect(await b.isOnline(u)).toBe(true);
  });

  it('does not put back a socket whose removal failed while Redis was away', async () => {
    const [u, v] = [user(), user()];
    await a.add(u, 's1');
    await a.add(v, 's2');
    await server.stop(true);
    try {
      await expect(a.remove(u, 's1')).rejects.toThrow();
    } finally {
      await server.start(); // empty: it lost every socket
    }
    await waitUntilReady(connection);
    await a.refresh();
    expect(heardA.events).toEqual([`restored:${v}`]);
    expect(await b.onlineAmong([u, v])).toEqual(new Set([v]));
  }, 20_000);
});
