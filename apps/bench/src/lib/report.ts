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
export function markdownReport(info: RunInfo, cfg: BenchConfig, figures: readonly Figure[], notes: readonly string[], failures: readonly string[]): string {
  const lines = [
    `Run \`${info.command}\` on ${info.date}: Node ${info.node}, ${info.cpus}; load average at start ${info.loadAverage
      .map((l) => l.toFixed(2))
      .join(' / ')}; took ${Math.round(info.seconds)} s.`,
    '',
    markdownTable(figures, TARGETS),
    '',
    'Relay: the raw Socket.IO relay (no auth, no validation, no storage) in the same run, driven by the same load generator.',
    `Ratio: value ÷ relay. Latency: ${cfg.latency.pairs} pairs at ${cfg.latency.ratePerPair} msg/s each, ${cfg.latency.durationMs / 1000} s measured after ${cfg.latency.warmupMs / 1000} s warm-up.`,
    `Throughput: ${cfg.throughput.pairs} pairs, ${cfg.throughput.window} messages in flight each, ${cfg.throughput.durationMs / 1000} s measured; a message counts once it is both acked (stored) and received.`,
    `Connections: ${cfg.connections.sockets.toLocaleString('en-US')} idle authenticated sockets; RSS of the server process above its RSS before the first socket, per socket (KB = 1024 bytes).`,
    `History: ${cfg.history.messages.toLocaleString('en-US')} messages in one conversation; ${cfg.history.conversations} conversations for the list.`,
    '',
  ];
  if (notes.length) lines.push('Notes:', '', ...notes.map((n) => `- ${n}`), '');
  if (failures.length) lines.push('Failures:', '', ...failures.map((n) => `- ${n}`), '');
  return lines.join('\n');
}
