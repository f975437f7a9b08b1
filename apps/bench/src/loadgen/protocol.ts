import type { LatencySummary } from '../lib/stats';

/** What the load generator drives: the real server (logs in over REST) or the relay (the token is the user id). */
export interface Target {
  kind: 'server' | 'relay';
  url: string;
}

/** A user seeded for the bench. */
export interface BenchUser {
  id: string;
  username: string;
  password: string;
}

export interface LoginLoad {
  users: BenchUser[];
  concurrency: number;
}

/** Scenario 1 (and 5 with `logins`): pairs `users[2i]`, `users[2i+1]` take turns sending at a fixed rate. */
export interface LatencyJob {
  kind: 'latency';
  target: Target;
  users: BenchUser[];
  /** Prefix of every `clientMsgId` of the run, so that the runner can find its messages in the database. */
  runId: string;
  /** Logins at a time while setting up (the server counts a login against the failed-login limit until it succeeds). */
  loginConcurrency: number;
  ratePerPair: number;
  warmupMs: number;
  durationMs: number;
  drainMs: number;
  textLength: number;
  /** Run logins side by side with the messages, from the start of the measured window to its end. */
  logins?: LoginLoad;
}

/** Scenario 2: each pair keeps `window` messages in flight (sent, not yet both acked and received). */
export interface ThroughputJob {
  kind: 'throughput';
  target: Target;
  users: BenchUser[];
  runId: string;
  loginConcurrency: number;
  window: number;
  warmupMs: number;
  durationMs: number;
  drainMs: number;
  textLength: number;
}

/** Scenario 3: one idle socket per user; stops at the barriers `authenticated` and `connected`. */
export interface ConnectionsJob {
  kind: 'connections';
  target: Target;
  users: BenchUser[];
  concurrency: number;
}

/** Scenario 4: REST reads, one at a time. */
export interface HistoryJob {
  kind: 'history';
  target: Target;
  owner: BenchUser;
  peerId: string;
  /** `before` cursors deep in the conversation. */
  deepCursors: string[];
  listOwner: BenchUser;
  requests: number;
  warmupRequests: number;
  pageSize: number;
}

/** Scenario 5: logins in closed loops. */
export interface LoginsJob {
  kind: 'logins';
  target: Target;
  users: BenchUser[];
  concurrency: number;
  durationMs: number;
}

export type Job = LatencyJob | ThroughputJob | ConnectionsJob | HistoryJob | LoginsJob;

export interface LoginResult {
  ok: number;
  failed: number;
  /** Successful logins per second. */
  rate: number;
  latency: LatencySummary;
}

export interface LatencyResult {
  sent: number;
  /** Messages sent in the measured window. */
  measured: number;
  errors: Record<string, number>;
  /** Measured messages with an ok ack that never reached the receiver, or with no ack at all. */
  lost: number;
  /** Percentiles over every measured message; a lost one counts as infinitely late (so no percentile hides it). */
  receive: LatencySummary;
  ack: LatencySummary;
  /** Measured messages received per second of the window. */
  deliveredRate: number;
  logins?: LoginResult;
}

export interface ThroughputResult {
  /** Messages both acked and received within the measured window, per second. */
  rate: number;
  completed: number;
  /** Every ok ack of the whole run (what the database must hold at least). */
  acked: number;
  sent: number;
  errors: Record<string, number>;
  /** Sent messages with no reply at the end of the drain. */
  lost: number;
}

export interface ConnectionsResult {
  sockets: number;
  connectMs: number;
  connectRate: number;
  failed: number;
}

export interface HistoryResult {
  newest: LatencySummary;
  deep: LatencySummary;
  list: LatencySummary;
  /** Sizes of the last replies, so that a wrong answer cannot pass for a fast one. */
  newestCount: number;
  deepCount: number;
  listCount: number;
}

export type JobResult = LatencyResult | ThroughputResult | ConnectionsResult | HistoryResult | LoginResult;

/** Messages from the load generator to the runner. */
export type LoadgenMessage =
  | { type: 'barrier'; name: string; detail?: unknown }
  | { type: 'result'; result: JobResult }
  | { type: 'error'; message: string };

/** Messages from the runner to the load generator. */
export type RunnerMessage = { type: 'job'; job: Job } | { type: 'continue'; name: string };
