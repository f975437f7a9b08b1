import { Injectable } from '@nestjs/common';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { flexibleLimiter } from './flexible-limiter';
import { RateLimiter, RateLimiterFactory, RateLimitRule, UNLIMITED } from './rate-limiter';

/** Counters in this process's memory (rate-limiter-flexible's `RateLimiterMemory`, bursty when asked). */
@Injectable()
export class MemoryRateLimiterFactory extends RateLimiterFactory {
  create(rule: RateLimitRule): RateLimiter {
    if (rule.points <= 0) return UNLIMITED;
    const memory = (keyPrefix: string, points: number, duration: number) =>
      new RateLimiterMemory({ keyPrefix, points, duration });
    const main = memory(rule.name, rule.points, rule.durationSeconds);
    const burst =
      rule.burst && rule.burst.points > 0
        ? memory(`${rule.name}:burst`, rule.burst.points, rule.burst.durationSeconds)
        : undefined;
    return flexibleLimiter(main, burst);
  }
}
