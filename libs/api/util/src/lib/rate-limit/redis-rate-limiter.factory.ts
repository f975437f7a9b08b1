import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { flexibleLimiter } from './flexible-limiter';
import { RateLimiter, RateLimiterFactory, RateLimitRule, UNLIMITED } from './rate-limiter';

/** Prefix of every rate-limit key in Redis. */
export const RATE_LIMIT_KEY_PREFIX = 'chat:rl:';

/**
 * Counters in Redis (rate-limiter-flexible's `RateLimiterRedis`, an atomic script per consume), so every instance
 * draws on one budget per key. While Redis is unreachable each instance counts in its own memory (the insurance
 * limiter) rather than refusing everyone or letting everything through.
 */
export class RedisRateLimiterFactory extends RateLimiterFactory {
  constructor(private readonly redis: Redis) {
    super();
  }

  create(rule: RateLimitRule): RateLimiter {
    if (rule.points <= 0) return UNLIMITED;
    const redis = (name: string, points: number, duration: number) =>
      new RateLimiterRedis({
        storeClient: this.redis,
        keyPrefix: `${RATE_LIMIT_KEY_PREFIX}${name}`,
        points,
        duration,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix: name, points, duration }),
      });
    const main = redis(rule.name, rule.points, rule.durationSeconds);
    const burst =
      rule.burst && rule.burst.points > 0
        ? redis(`${rule.name}:burst`, rule.burst.points, rule.burst.durationSeconds)
        : undefined;
    return flexibleLimiter(main, burst);
  }
}
