import type { Target } from './figures';

/** Scenario labels and metric names: the table, the JSON and the targets all use these. */
export const S = {
  latency: '1 latency',
  throughput: '2 throughput',
  connections: '3 connections',
  history: '4 history',
  logins: '5 logins',
} as const;

export const M = {
  receiveP50: 'send → receive p50',
  receiveP99: 'send → receive p99',
  receiveP999: 'send → receive p99.9',
  ackP50: 'send → ack p50',
  ackP99: 'send → ack p99',
  ackP999: 'send → ack p99.9',
  deliveredRate: 'delivered rate',
  lost: 'unanswered (lost) messages',
  receiveP99Limited: 'send → receive p99, default rate limits',
  ackP99Limited: 'send → ack p99, default rate limits',
  throughput: 'delivered and stored',
  cpuPerMessage: 'CPU time per message',
  notStored: 'acked but not in the database',
  rssPerSocket: 'RSS per idle socket',
  connectRate: 'connects',
  newestP50: 'newest page p50',
  newestP99: 'newest page p99',
  deepP50: 'deep page p50',
  deepP99: 'deep page p99',
  listP50: 'conversation list p50',
  listP99: 'conversation list p99',
  loginRate: 'logins',
  receiveP99DuringLogins: 'send → receive p99 while logins run',
  loginsDuringLatency: 'logins while scenario 1 runs',
  loginSlowdown: 'that p99 ÷ scenario 1 p99',
} as const;

/** The goals of issue 6 on a 2-core machine. */
export const TARGETS: readonly Target[] = [
  { scenario: S.latency, metric: M.lost, on: 'value', kind: 'max', limit: 0 },
  { scenario: S.latency, metric: M.receiveP99, on: 'value', kind: 'max', limit: 10 },
  { scenario: S.latency, metric: M.receiveP99, on: 'ratio', kind: 'max', limit: 5 },
  { scenario: S.latency, metric: M.ackP99, on: 'value', kind: 'max', limit: 10 },
  { scenario: S.latency, metric: M.ackP99, on: 'ratio', kind: 'max', limit: 5 },
  { scenario: S.throughput, metric: M.throughput, on: 'ratio', kind: 'min', limit: 0.15 },
  { scenario: S.throughput, metric: M.notStored, on: 'value', kind: 'max', limit: 0 },
  { scenario: S.connections, metric: M.rssPerSocket, on: 'value', kind: 'max', limit: 40 },
  { scenario: S.history, metric: M.newestP99, on: 'value', kind: 'max', limit: 10 },
  { scenario: S.history, metric: M.deepP99, on: 'value', kind: 'max', limit: 10 },
  { scenario: S.history, metric: M.listP99, on: 'value', kind: 'max', limit: 50 },
  { scenario: S.logins, metric: M.loginSlowdown, on: 'value', kind: 'max', limit: 2 },
];
