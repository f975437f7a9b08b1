import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { ALL_SCENARIOS, parseArgs, USAGE } from './lib/args';
import { benchConfig } from './lib/config';
import { markdownReport } from './lib/report';
import { runBench } from './runner/bench';

/** `npm run bench [-- --quick]`: the server against the raw relay, five scenarios, one table. */
async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const cfg = benchConfig(args.quick);
  const cores = cpus();
  const started = Date.now();
  const info = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    node: process.version,
    cpus: `${cores.length} × ${cores[0]?.model.trim() ?? 'unknown CPU'}`,
    loadAverage: loadavg(),
    seconds: 0,
  };
  const log = (line: string) => console.error(line);
  log(`bench: ${args.quick ? 'quick' : 'full'} run of scenarios ${args.scenarios.join(', ')}`);
  const outcome = await runBench(args, cfg, log);
  info.seconds = (Date.now() - started) / 1000;

  const report = markdownReport(info, cfg, args.scenarios, outcome.figures, outcome.notes, outcome.failures);
  console.log(`\n${report}`);
  const everything = args.scenarios.length === ALL_SCENARIOS.length;
  // A quick run never replaces the committed full results: it goes to bench/results/quick.
  const out = args.out ?? (everything ? (args.quick ? 'bench/results/quick' : 'bench/results') : null);
  if (out) {
    const dir = resolve(out);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'latest.md'),
      `# Benchmark: the chat server against a raw Socket.IO relay\n\n${report}`,
    );
    writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(outcome.figures, null, 2)}\n`);
    log(`results written to ${join(dir, 'latest.md')} and latest.json`);
  }
  return outcome.failures.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
