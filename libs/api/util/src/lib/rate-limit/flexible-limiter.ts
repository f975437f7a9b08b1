import { BurstyRateLimiter, RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitDecision, RateLimiter } from './rate-limiter';

/** Our `RateLimiter` over rate-limiter-flexible limiters of any store: a steady one and an optional burst one. */
export function flexibleLimiter(main: RateLimiterAbstract, burst?: RateLimiterAbstract): RateLimiter {
  const backend: Pick<RateLimiterAbstract, 'consume'> = burst ? new BurstyRateLimiter(main, burst) : main;
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
