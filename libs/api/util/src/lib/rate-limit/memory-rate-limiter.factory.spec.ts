import { MemoryRateLimiterFactory } from './memory-rate-limiter.factory';

describe('MemoryRateLimiterFactory', () => {
  const factory = new MemoryRateLimiterFactory();

  it('allows `points` per window per key, then refuses with a retry delay', async () => {
    const limiter = factory.create({ name: 'test-a', points: 2, durationSeconds: 60 });
    expect((await limiter.consume('k')).allowed).toBe(true);
    expect((await limiter.consume('k')).allowed).toBe(true);
    const refused = await limiter.consume('k');
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect((await limiter.consume('other')).allowed).toBe(true);
  });

  it('adds a burst allowance on top of the steady rate', async () => {
    const limiter = factory.create({
      name: 'test-b',
      points: 2,
      durationSeconds: 60,
      burst: { points: 4, durationSeconds: 60 },
    });
    const results = [];
    for (let i = 0; i < 7; i++) results.push((await limiter.consume('k')).allowed);
    expect(results).toEqual([true, true, true, true, true, true, false]);
  });

  it('gives points back and forgets keys', async () => {
    const limiter = factory.create({ name: 'test-c', points: 1, durationSeconds: 60 });
    await limiter.consume('k');
    await limiter.refund('k');
    expect((await limiter.consume('k')).allowed).toBe(true);
    expect((await limiter.consume('k')).allowed).toBe(false);
    await limiter.reset('k');
    expect((await limiter.consume('k')).allowed).toBe(true);
  });

  it('never refuses when the limit is 0 (off)', async () => {
    const limiter = factory.create({ name: 'test-d', points: 0, durationSeconds: 1 });
    for (let i = 0; i < 100; i++) expect((await limiter.consume('k')).allowed).toBe(true);
  });
});
