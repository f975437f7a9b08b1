import { randomUUID } from 'node:crypto';
import { startRedisServer, TestRedisServer } from '../../testing';
import { RedisConnection } from '../redis/redis-connection';
import { RateLimiterFactory } from './rate-limiter';
import { RedisRateLimiterFactory } from './redis-rate-limiter.factory';

describe('RedisRateLimiterFactory (against redis-server)', () => {
  let server: TestRedisServer;
  let connections: RedisConnection[];
  /** Two factories on two connections: two server instances. */
  let a: RateLimiterFactory;
  let b: RateLimiterFactory;
  const name = () => `test-${randomUUID()}`;

  beforeAll(async () => {
    server = await startRedisServer();
    connections = await Promise.all([RedisConnection.open(server.url), RedisConnection.open(server.url)]);
    a = new RedisRateLimiterFactory(connections[0].commands);
    b = new RedisRateLimiterFactory(connections[1].commands);
  });
  afterAll(async () => {
    await Promise.all((connections ?? []).map((connection) => connection.close()));
    await server?.stop(true);
  });

  it('shares one budget per key across instances', async () => {
    const rule = { name: name(), points: 3, durationSeconds: 60 };
    const onA = a.create(rule);
    const onB = b.create(rule);
    const results = [];
    for (const limiter of [onA, onB, onA, onB]) results.push((await limiter.consume('k')).allowed);
    expect(results).toEqual([true, true, true, false]);
    const refused = await onA.consume('k');
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect((await onB.consume('other')).allowed).toBe(true);
  });

  it('adds a burst allowance on top of the steady rate, shared too', async () => {
    const rule = { name: name(), points: 2, durationSeconds: 60, burst: { points: 4, durationSeconds: 60 } };
    const onA = a.create(rule);
    const onB = b.create(rule);
    const results = [];
    for (let i = 0; i < 7; i++) results.push((await (i % 2 ? onB : onA).consume('k')).allowed);
    expect(results).toEqual([true, true, true, true, true, true, false]);
  });

  it('gives points back and forgets keys for every instance', async () => {
    const rule = { name: name(), points: 1, durationSeconds: 60 };
    const onA = a.create(rule);
    const onB = b.create(rule);
    await onA.consume('k');
    await onB.refund('k');
    expect((await onA.consume('k')).allowed).toBe(true);
    expect((await onB.consume('k')).allowed).toBe(false);
    await onB.reset('k');
    expect((await onA.consume('k')).allowed).toBe(true);
  });

  it('never refuses when the limit is 0 (off)', async () => {
    const limiter = a.create({ name: name(), points: 0, durationSeconds: 1 });
    for (let i = 0; i < 50; i++) expect((await limiter.consume('k')).allowed).toBe(true);
  });

  it('counts in memory while Redis is away, without waiting for it', async () => {
    const limiter = a.create({ name: name(), points: 2, durationSeconds: 60 });
    await server.stop(true);
    try {
      const started = Date.now();
      const results = [];
      for (let i = 0; i < 3; i++) results.push((await limiter.consume('k')).allowed);
      expect(results).toEqual([true, true, false]);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await server.start();
    }
  }, 30_000);
});
