import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Row {
  metric: string;
  value: number;
  unit: string;
  /** Target and how to compare, when the issue sets one. */
  target?: { value: number; kind: 'min' | 'max' };
  note?: string;
}

export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 100) return Math.round(v).toLocaleString('en-US');
  return v.toFixed(2);
}

export function printTable(rows: Row[]): string {
  const lines = rows.map((r) => {
    const target = r.target ? `${r.target.kind === 'min' ? '>=' : '<='} ${formatValue(r.target.value)}` : '';
    const met = r.target ? ((r.target.kind === 'min' ? r.value >= r.target.value : r.value <= r.target.value) ? 'yes' : 'NO') : '';
    return [r.metric, `${formatValue(r.value)} ${r.unit}`, target, met, r.note ?? ''];
  });
  const header = ['metric', 'value', 'target', 'met', 'notes'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  const out = [fmt(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(fmt)].join('\n');
  return out;
}

export function writeJson(file: string, rows: Row[], extra: Record<string, unknown>): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadavg: os.loadavg() };
  fs.writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), machine, ...extra, results: rows }, null, 2) + '\n');
}
