import * as os from 'node:os';
import * as path from 'node:path';
import { historyQuery } from './history-query';
import { insertThroughput } from './insert-throughput';
import { memoryPerDocument } from './memory';
import { recoveryTime } from './recovery';
import { type Row, printTable, writeJson } from './report';

/**
 * `npm run bench:db`: the engine's benchmark. Prints a table and writes it as JSON
 * (libs/embedded-mongo/bench/results/latest.json). Sizes can be reduced for a quick look with
 * BENCH_SCALE=0.1 (the targets are defined at scale 1).
 */
async function main(): Promise<void> {
  const scale = Number(process.env['BENCH_SCALE'] ?? 1);
  const million = Math.round(1_000_000 * scale);
  const seconds = Number(process.env['BENCH_SECONDS'] ?? 4);
  const rows: Row[] = [];
  const details: Record<string, unknown> = { scale, seconds };
  // Other work on the machine skews timings: each step records the 1-minute load average it started at.
  const log = (s: string) => process.stderr.write(`${s} (load average ${os.loadavg()[0].toFixed(2)})\n`);
  const loads: Record<string, number> = {};
  details['loadAverages'] = loads;
  const mark = (name: string) => (loads[name] = Number(os.loadavg()[0].toFixed(2)));

  for (const client of ['wire', 'driver'] as const) {
    for (const writers of [1, 64]) {
      log(`durable inserts: ${writers} writer(s) through the ${client} client...`);
      mark(`insert_${client}_${writers}`);
      const r = await insertThroughput(client, writers, seconds);
      details[`insert_${client}_${writers}`] = r;
      rows.push({
        metric: `durable inserts/s, 1 KiB docs, ${writers} writer${writers > 1 ? 's' : ''} (${client === 'wire' ? 'raw OP_MSG clients' : 'official driver'})`,
        value: r.insertsPerSec,
        unit: '/s',
        target: writers === 64 && client === 'wire' ? { value: 20_000, kind: 'min' } : undefined,
        note: `median of ${r.rounds.map((x) => Math.round(x)).join(', ')}; ${r.acked} acked = ${r.verified} stored`,
      });
    }
  }

  log(`history query over ${million} messages...`);
  mark('history');
  const h = await historyQuery(million, Math.max(10, Math.round(million / 1000)), 5000);
  details['history'] = h;
  const fmt = (l: { max: number }) => `max ${l.max.toFixed(2)} ms; median of 3 rounds`;
  rows.push({ metric: `history query p50, ${h.documents} docs (in process, driver)`, value: h.inProcess.p50, unit: 'ms', note: `the product's setup; 3 rounds of ${h.queries} queries` });
  rows.push({ metric: `history query p99, ${h.documents} docs (in process, driver)`, value: h.inProcess.p99, unit: 'ms', target: { value: 2, kind: 'max' }, note: `${fmt(h.inProcess)}; keys/docs examined ${h.keysExamined}/${h.docsExamined}` });
  rows.push({ metric: 'history query p50 (own process, driver)', value: h.separateProcess.p50, unit: 'ms', note: 'npm run db setup' });
  rows.push({ metric: 'history query p99 (own process, driver)', value: h.separateProcess.p99, unit: 'ms', note: fmt(h.separateProcess) });
  rows.push({ metric: 'history query p50 (own process, raw client)', value: h.engineOnly.p50, unit: 'ms', note: 'engine + socket only' });
  rows.push({ metric: 'history query p99 (own process, raw client)', value: h.engineOnly.p99, unit: 'ms', note: fmt(h.engineOnly) });

  log(`recovery of a journal of ${million} inserts...`);
  mark('recovery');
  const rec = await recoveryTime(million, 100);
  details['recovery'] = rec;
  rows.push({ metric: `recovery time, journal of ${rec.inserts} inserts`, value: rec.seconds, unit: 's', target: { value: 10, kind: 'max' }, note: `${rec.journalMiB.toFixed(0)} MiB, ${rec.frames} frames, ~200 B docs` });

  log(`memory for ${million} small documents...`);
  mark('memory');
  const mem = memoryPerDocument(million);
  details['memory'] = mem;
  rows.push({ metric: 'memory per small document (2 indexes)', value: mem.bytesPerDoc, unit: 'B', target: { value: 1024, kind: 'max' }, note: `${mem.bsonBytesPerDoc.toFixed(0)} B BSON each, ${mem.documents} docs` });

  const table = printTable(rows);
  process.stdout.write(`\n${table}\n`);
  const file = path.join(__dirname, 'results', 'latest.json');
  writeJson(file, rows, { details, table });
  process.stdout.write(`\nwritten to ${path.relative(process.cwd(), file)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`benchmark failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
