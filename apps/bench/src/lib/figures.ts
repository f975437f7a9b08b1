/** One measured figure, as written to `latest.json`. `relay` and `ratio` are null where the relay has no figure. */
export interface Figure {
  scenario: string;
  metric: string;
  unit: string;
  value: number | null;
  relay: number | null;
  ratio: number | null;
}

/** A goal of the issue for one figure: `max` (at most) or `min` (at least), on the value or on the ratio. */
export interface Target {
  scenario: string;
  metric: string;
  on: 'value' | 'ratio';
  kind: 'max' | 'min';
  limit: number;
}

function finite(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Rounds to a few significant digits so that the JSON stays readable. */
export function round(v: number, digits = 4): number {
  if (!Number.isFinite(v) || v === 0) return v;
  const magnitude = Math.floor(Math.log10(Math.abs(v)));
  const factor = 10 ** Math.max(0, digits - 1 - magnitude);
  return Math.round(v * factor) / factor;
}

/** Builds a figure; the ratio is value ÷ relay when both are known. Non-finite numbers become null. */
export function figure(
  scenario: string,
  metric: string,
  unit: string,
  value: number | null,
  relay: number | null = null,
): Figure {
  const v = finite(value) ? round(value) : null;
  const r = finite(relay) ? round(relay) : null;
  const ratio = v !== null && r !== null && r !== 0 ? round(v / r, 3) : null;
  return { scenario, metric, unit, value: v, relay: r, ratio };
}

/** Human form of a number: thousands separated, at most three significant decimals for small values. */
export function formatNumber(v: number | null): string {
  if (v === null) return '–';
  const abs = Math.abs(v);
  const decimals = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return v.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: decimals });
}

function formatRatio(ratio: number | null): string {
  if (ratio === null) return '–';
  return ratio >= 1 ? `${ratio.toFixed(2)}×` : `${(ratio * 100).toFixed(1)}%`;
}

/** Whether a figure meets a target: true, false, or null when the figure is missing. */
export function meets(f: Figure, t: Target): boolean | null {
  const v = t.on === 'value' ? f.value : f.ratio;
  if (v === null) return null;
  return t.kind === 'max' ? v <= t.limit : v >= t.limit;
}

function describeTarget(t: Target, unit: string): string {
  const op = t.kind === 'max' ? '≤' : '≥';
  if (t.on === 'ratio') return `${op} ${t.limit < 1 ? `${t.limit * 100}% of relay` : `${t.limit}× relay`}`;
  return `${op} ${formatNumber(t.limit)} ${unit}`;
}

function targetCell(f: Figure, targets: readonly Target[]): string {
  const mine = targets.filter((t) => t.scenario === f.scenario && t.metric === f.metric);
  return mine
    .map((t) => {
      const ok = meets(f, t);
      return `${describeTarget(t, f.unit)} ${ok === null ? '?' : ok ? '✅' : '❌'}`;
    })
    .join(', ');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** The figures as a markdown table, with the targets that apply to each row. */
export function markdownTable(figures: readonly Figure[], targets: readonly Target[] = []): string {
  const header = ['Scenario', 'Metric', 'Value', 'Relay', 'Ratio', 'Target'];
  const rows = figures.map((f) => [
    f.scenario,
    f.metric,
    f.value === null ? '–' : `${formatNumber(f.value)} ${f.unit}`,
    f.relay === null ? '–' : `${formatNumber(f.relay)} ${f.unit}`,
    formatRatio(f.ratio),
    targetCell(f, targets),
  ]);
  const lines = [header, header.map(() => '---'), ...rows].map(
    (cells) => `| ${cells.map(escapeCell).join(' | ')} |`,
  );
  return lines.join('\n');
}
