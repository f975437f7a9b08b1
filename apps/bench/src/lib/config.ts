/** Sizes and durations of every scenario; `--quick` shortens runs and shrinks seeded data. */
export interface BenchConfig {
  quick: boolean;
  latency: {
    pairs: number;
    /** Messages per second per pair (the two users of a pair take turns). */
    ratePerPair: number;
    warmupMs: number;
    durationMs: number;
    /** How long to wait for replies still in flight when sending stops. */
    drainMs: number;
  };
  throughput: { pairs: number; window: number; warmupMs: number; durationMs: number; drainMs: number };
  connections: { sockets: number; concurrency: number; settleMs: number; rssSamples: number };
  history: {
    messages: number;
    conversations: number;
    requests: number;
    warmupRequests: number;
    pageSize: number;
  };
  logins: { users: number; concurrency: number; durationMs: number };
  /** A process counts as idle again after two windows of this length with under 10% of a core. */
  idleWindowMs: number;
  /** Characters of text in each message the load generator sends. */
  textLength: number;
}

export function benchConfig(quick: boolean): BenchConfig {
  return {
    quick,
    latency: {
      pairs: 100,
      ratePerPair: 10,
      warmupMs: quick ? 1000 : 3000,
      durationMs: quick ? 3000 : 20_000,
      drainMs: 3000,
    },
    throughput: {
      pairs: 50,
      window: 32,
      warmupMs: quick ? 1000 : 3000,
      durationMs: quick ? 3000 : 15_000,
      drainMs: 5000,
    },
    connections: {
      sockets: quick ? 1000 : 10_000,
      concurrency: 100,
      settleMs: quick ? 1500 : 4000,
      rssSamples: 5,
    },
    history: {
      messages: quick ? 100_000 : 1_000_000,
      conversations: 1000,
      requests: quick ? 100 : 1000,
      warmupRequests: quick ? 10 : 20,
      pageSize: 50,
    },
    logins: { users: 16, concurrency: 8, durationMs: quick ? 2000 : 10_000 },
    idleWindowMs: quick ? 250 : 500,
    textLength: 100,
  };
}
