import { ChildProcess, fork, spawn } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { parseCpuTicks, parseVmRss } from '../lib/stats';
import type { Job, JobResult, LoadgenMessage, RunnerMessage } from '../loadgen/protocol';
import type { SeedResult, SeedSpec } from '../seed/seed';

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resident memory of a process, in bytes. */
export function rssOf(pid: number): number {
  return parseVmRss(readFileSync(`/proc/${pid}/status`, 'utf8'));
}

/** CPU time of a process so far, in clock ticks (1/100 s on Linux). */
export function cpuTicksOf(pid: number): number {
  return parseCpuTicks(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

/**
 * Waits until a process has been nearly idle (under 10% of a core) for two windows of `windowMs` in a row, so
 * that the backlog of one scenario never counts against the next. Returns false if it is still busy at `maxMs`.
 */
export async function waitIdle(pid: number, maxMs: number, windowMs = 500): Promise<boolean> {
  const deadline = Date.now() + maxMs;
  let quiet = 0;
  let last = cpuTicksOf(pid);
  while (Date.now() < deadline) {
    await sleep(windowMs);
    const now = cpuTicksOf(pid);
    // Ticks are hundredths of a second: under 10% of a core over the window.
    quiet = now - last <= windowMs / 100 ? quiet + 1 : 0;
    last = now;
    if (quiet >= 2) return true;
  }
  return false;
}

/** A server or relay process the runner started, with its output in a log file. */
export class Service {
  private exited: Promise<number | null>;

  constructor(
    readonly name: string,
    readonly url: string,
    readonly child: ChildProcess,
    readonly logPath: string,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  get pid(): number {
    return this.child.pid as number;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Polls `path` until it answers 200; fails when the process exits or the time is up. */
  async ready(path: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running)
        throw new Error(`${this.name} exited during start-up; see ${this.logPath}:\n${tail(this.logPath)}`);
      try {
        const res = await fetch(this.url + path);
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline)
        throw new Error(
          `${this.name} not ready after ${timeoutMs} ms; see ${this.logPath}:\n${tail(this.logPath)}`,
        );
      await sleep(100);
    }
  }

  /** SIGTERM (graceful shutdown), then SIGKILL if it is still there after `graceMs`. */
  async stop(graceMs = 30_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

export function tail(path: string, lines = 20): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function spawnLogged(name: string, args: string[], env: NodeJS.ProcessEnv, logPath: string): ChildProcess {
  const fd = openSync(logPath, 'a');
  try {
    return spawn(process.execPath, args, { env, stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
}

export interface ServerOptions {
  main: string;
  dataDir: string;
  logPath: string;
  /** Extra environment (rate limits, ...). */
  env: Record<string, string>;
  profileDir?: string | null;
}

/** The production build of the server, as `npm start` runs it, with the embedded engine on `dataDir`. */
export async function startServer(opts: ServerOptions): Promise<Service> {
  const port = await freePort();
  const args = opts.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`, opts.main] : [opts.main];
  const env = {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    NODE_ENV: 'production',
    PORT: String(port),
    DATA_DIR: opts.dataDir,
    ...opts.env,
  };
  const child = spawnLogged('server', args, env, opts.logPath);
  const service = new Service('server', `http://127.0.0.1:${port}`, child, opts.logPath);
  await service.ready('/api/health', 120_000);
  return service;
}

export async function startRelay(main: string, logPath: string): Promise<Service> {
  const port = await freePort();
  const child = spawnLogged('relay', [main], { PATH: process.env['PATH'], PORT: String(port) }, logPath);
  const service = new Service('relay', `http://127.0.0.1:${port}`, child, logPath);
  await service.ready('/health', 30_000);
  return service;
}

/**
 * Runs one job in a fresh load-generator process. `onBarrier` runs at each barrier the job reaches (the process
 * waits meanwhile). Fails when the process errs, dies, or exceeds `timeoutMs`.
 */
export function runLoadgen(
  main: string,
  job: Job,
  timeoutMs: number,
  onBarrier: (name: string) => Promise<void> = async () => undefined,
): Promise<JobResult> {
  return new Promise((resolve, reject) => {
    const child = fork(main, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
    let settled = false;
    const done = (error: Error | null, result?: JobResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null) setTimeout(() => child.kill('SIGKILL'), 2000).unref();
      if (error) reject(error);
      else resolve(result as JobResult);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      done(new Error(`${job.kind} on the ${job.target.kind} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('message', (message: LoadgenMessage) => {
      if (message.type === 'result') done(null, message.result);
      else if (message.type === 'error')
        done(new Error(`${job.kind} on the ${job.target.kind}: ${message.message}`));
      else
        onBarrier(message.name).then(
          () => child.send({ type: 'continue', name: message.name } satisfies RunnerMessage),
          (error: Error) => done(error),
        );
    });
    child.once('exit', (code) => done(new Error(`the load generator exited (${code}) before answering`)));
    child.send({ type: 'job', job } satisfies RunnerMessage);
  });
}

/** Seeds a data directory in a process of its own (the server must not be running on it). */
export function runSeed(
  main: string,
  spec: SeedSpec,
  timeoutMs: number,
): Promise<SeedResult & { seconds: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(main, [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: ['--max-old-space-size=8192'],
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`seeding ${spec.dbPath} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once(
      'message',
      (
        message:
          | { type: 'result'; result: SeedResult & { seconds: number } }
          | { type: 'error'; message: string },
      ) => {
        clearTimeout(timer);
        if (message.type === 'result') resolve(message.result);
        else reject(new Error(`seeding failed: ${message.message}`));
      },
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the seeder exited (${code}) before answering`));
    });
    child.send(spec);
  });
}

export function dataDirFor(root: string, name: string): string {
  return join(root, name);
}
