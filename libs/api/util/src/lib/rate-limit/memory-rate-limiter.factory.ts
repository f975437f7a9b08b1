import { Injectable } from '@nestjs/common';
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitDecision, RateLimiter, RateLimiterFactory, RateLimitRule, UNLIMITED } from './rate-limiter';

type Backend = Pick<RateLimiterMemory, 'consume'>;

/** Counters in this process's memory (rate-limiter-flexible's `RateLimiterMemory`, bursty when asked). */
@Injectable()
export class MemoryRateLimiterFactory extends RateLimiterFactory {
  create(rule: RateLimitRule): RateLimiter {
    if (rule.points <= 0) return UNLIMITED;
    const main = new RateLimiterMemory({
      keyPrefix: rule.name,
      points: rule.points,
      duration: rule.durationSeconds,
    });
    const burst =
      rule.burst && rule.burst.points > 0
        ? new RateLimiterMemory({
            keyPrefix: `${rule.name}:burst`,
            points: rule.burst.points,
            duration: rule.burst.durationSeconds,
          })
        : undefined;
    const backend: Backend = burst ? new BurstyRateLimiter(main, burst) : main;
    const limiters = burst ? [main, burst] : [main];

    return {
      consume: async (key, points = 1): Promise<RateLimitDecision> => {
        try {
          await backend.consume(key, points);
          return { allowed: true, retryAfterMs: 0 };
        } catch (rejection) {
          if (rejection instanceof RateLimiterRes) {
            return { allowed: false, retryAfterMs: Math.max(1, rejection.msBeforeNext) };
          }
          throw rejection;
        }
      },
      refund: async (key, points = 1) => {
        await main.reward(key, points);
      },
      reset: async (key) => {
        await Promise.all(limiters.map((limiter) => limiter.delete(key)));
      },
    };
  }
}
