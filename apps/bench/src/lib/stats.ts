/** Percentiles of a latency sample, in the unit the samples were taken in (milliseconds in this bench). */
export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

/**
 * The nearest-rank percentile `q` (0 < q ≤ 100) of an ascending array: the smallest value that at least q% of
 * the samples are at or below. NaN for an empty sample.
 */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (!(q > 0 && q <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${q}`);
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  // The epsilon keeps binary rounding (99.9 × 10,000 = 9990.000000000002) from moving the rank up by one.
  const rank = Math.ceil((q * n) / 100 - 1e-9);
  return sorted[Math.min(n, Math.max(1, rank)) - 1];
}

/** Summarises a sample (any order; the input is not modified). */
export function summarize(samples: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  const n = sorted.length;
  return {
    count: n,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    p999: percentile(sorted, 99.9),
    max: n ? sorted[n - 1] : Number.NaN,
    mean: n ? sum / n : Number.NaN,
  };
}

/** Median of a few readings (e.g. RSS samples); NaN when there are none. */
export function median(values: readonly number[]): number {
  return percentile(Float64Array.from(values).sort(), 50);
}

/** Events per second over an interval in milliseconds. */
export function ratePerSecond(events: number, elapsedMs: number): number {
  return elapsedMs > 0 ? (events * 1000) / elapsedMs : Number.NaN;
}

/** Resident set size in bytes from the text of `/proc/PID/status` (its `VmRSS:` line, in kB). */
export function parseVmRss(status: string): number {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match) throw new Error('no VmRSS line in /proc status');
  return Number(match[1]) * 1024;
}

/** CPU time (user + system) in clock ticks from the text of `/proc/PID/stat`. */
export function parseCpuTicks(stat: string): number {
  // The command name (field 2) may hold spaces and parentheses: count fields from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error('unreadable /proc stat line');
  return utime + stime;
}
