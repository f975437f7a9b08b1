import type { BenchConfig } from './config';
import { Figure, markdownTable } from './figures';
import { TARGETS } from './metrics';

export interface RunInfo {
  date: string;
  command: string;
  node: string;
  cpus: string;
  loadAverage: number[];
  seconds: number;
}

/** The markdown page of one run: how it was run, the table, and what the load generator noticed. */
export function markdownReport(
  info: RunInfo,
  cfg: BenchConfig,
  scenarios: readonly number[],
  figures: readonly Figure[],
  notes: readonly string[],
  failures: readonly string[],
): string {
  const n = (v: number) => v.toLocaleString('en-US');
  const how: Record<number, string> = {
    1: `Latency: ${cfg.latency.pairs} pairs at ${cfg.latency.ratePerPair} msg/s each (the two users of a pair take turns), open loop, ${cfg.latency.durationMs / 1000} s measured after ${cfg.latency.warmupMs / 1000} s of warm-up (which starts 1 s after the last socket connected); a lost message counts as infinitely late.`,
    2: `Throughput: ${cfg.throughput.pairs} pairs, ${cfg.throughput.window} messages in flight each, ${cfg.throughput.durationMs / 1000} s measured; a message counts once it is both acked (stored) and received; afterwards the runner counts the run's messages in the server's database. CPU time per message: user + system time of the server (or relay) process over the whole run, logins and connects included, ÷ messages acked; steadier than rates on a shared machine.`,
    3: `Connections: ${n(cfg.connections.sockets)} idle authenticated sockets, one per user, ${cfg.connections.concurrency} connecting at a time; RSS of the server process above its RSS before the first socket (after the logins), per socket (KB = 1024 bytes).`,
    4: `History: ${n(cfg.history.messages)} messages in one conversation, pages of ${cfg.history.pageSize}, deep pages from its oldest tenth; a user with ${n(cfg.history.conversations)} conversations; ${cfg.history.requests} requests of each kind, one at a time.`,
    5: `Logins: users with hashes of bcrypt's default cost (12), ${cfg.logins.concurrency} logins at a time, ${cfg.logins.durationMs / 1000} s alone, then the same during a run of scenario 1.`,
  };
  const lines = [
    `Run \`${info.command}\` on ${info.date}: Node ${info.node}, ${info.cpus}; load average at start ${info.loadAverage
      .map((l) => l.toFixed(2))
      .join(' / ')}; took ${Math.round(info.seconds)} s.`,
    '',
    markdownTable(figures, TARGETS),
    '',
    'Relay: a raw Socket.IO relay (no auth, no validation, no storage; it acks, forwards and reports delivery) in the same run, driven by the same load generator; ratio = value ÷ relay.',
    'Server: the production build with the embedded engine on a data directory (every acked write journaled and fsynced), rate limits off except where a row says otherwise.',
    '',
    ...scenarios.map((s) => `- ${how[s]}`),
    '',
  ];
  if (notes.length) lines.push('Notes:', '', ...notes.map((n) => `- ${n}`), '');
  if (failures.length) lines.push('Failures:', '', ...failures.map((n) => `- ${n}`), '');
  return lines.join('\n');
}
