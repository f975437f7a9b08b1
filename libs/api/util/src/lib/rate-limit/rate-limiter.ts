/** Outcome of taking points from a key's allowance. */
export interface RateLimitDecision {
  allowed: boolean;
  /** When refused: how long until a retry can succeed. */
  retryAfterMs: number;
}

/** One limit: `points` per `durationSeconds`, optionally with a burst allowance on top. */
export interface RateLimitRule {
  /** Distinguishes the counters of different limits sharing a store. */
  name: string;
  /** Allowed points per window; 0 turns the limit off. */
  points: number;
  durationSeconds: number;
  /** Extra points usable in bursts, replenished every `burstDurationSeconds`. */
  burst?: { points: number; durationSeconds: number };
}

/** A limit's counters: per key (a user id, an IP, a username). */
export interface RateLimiter {
  consume(key: string, points?: number): Promise<RateLimitDecision>;
  /** Gives points back, for an attempt that turned out not to count. */
  refund(key: string, points?: number): Promise<void>;
  /** Forgets a key's counter. */
  reset(key: string): Promise<void>;
}

/**
 * Creates limiters over a store. The in-memory store suits one instance; a multi-instance deployment provides a
 * shared store (e.g. Redis) under this same token.
 */
export abstract class RateLimiterFactory {
  abstract create(rule: RateLimitRule): RateLimiter;
}

/** A limiter that never refuses (a limit set to 0). */
export const UNLIMITED: RateLimiter = {
  consume: async () => ({ allowed: true, retryAfterMs: 0 }),
  refund: async () => undefined,
  reset: async () => undefined,
};
