import { ChildProcess, spawn } from 'node:child_process';
import { AddressInfo, createServer } from 'node:net';

/** A hang guard for start-ups and shutdowns (never a timing assertion). */
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;
const OUTPUT_KEPT = 1_000_000;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A child process whose output is kept and which is always killed when the suite ends (`killAll`). */
export interface ManagedProcess {
  readonly child: ChildProcess;
  readonly name: string;
  output(): string;
  running(): boolean;
  readonly exited: Promise<Exit>;
  /** The first capture group (or the whole match) once the output matches; rejects on timeout or exit. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** `kill -9`, then waits for the exit. */
  kill(): Promise<Exit>;
  /** SIGTERM, then SIGKILL if it is still running after `timeoutMs`; resolves with the exit. */
  stop(timeoutMs?: number): Promise<Exit>;
}

const live = new Set<ManagedProcess>();

/** Kills every child process still running (call it in `afterAll`, so a failed test leaves none behind). */
export async function killAll(): Promise<void> {
  await Promise.all([...live].map((p) => p.kill()));
}

/**
 * Runs `node ...args` in `cwd` with `env` added to this process's environment, keeping its output (the last
 * megabyte) for `waitFor` and failure messages.
 */
export function spawnManaged(
  name: string,
  args: string[],
  env: Record<string, string>,
  cwd: string,
): ManagedProcess {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_KEPT);
    listeners.forEach((listener) => listener());
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let isRunning = true;
  const exited = new Promise<Exit>((done) =>
    child.once('exit', (code, signal) => {
      isRunning = false;
      live.delete(handle);
      listeners.forEach((listener) => listener());
      done({ code, signal });
    }),
  );
  const handle: ManagedProcess = {
    child,
    name,
    output: () => output,
    running: () => isRunning,
    exited,
    waitFor(pattern, timeoutMs = START_TIMEOUT_MS) {
      return new Promise<string>((resolveMatch, reject) => {
        const finish = (error?: Error, value?: string) => {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) reject(error);
          else resolveMatch(value ?? '');
        };
        const timer = setTimeout(
          () => finish(new Error(`${name}: no ${pattern} within ${timeoutMs} ms:\n${output.slice(-4000)}`)),
          timeoutMs,
        );
        const check = () => {
          const match = pattern.exec(output);
          if (match) finish(undefined, match[1] ?? match[0]);
          else if (!isRunning) finish(new Error(`${name} exited before ${pattern}:\n${output.slice(-4000)}`));
        };
        listeners.add(check);
        check();
      });
    },
    async kill() {
      if (isRunning) child.kill('SIGKILL');
      return exited;
    },
    async stop(timeoutMs = STOP_TIMEOUT_MS) {
      if (!isRunning) return exited;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const exit = await exited;
      clearTimeout(killer);
      return exit;
    },
  };
  live.add(handle);
  return handle;
}

/** A port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolvePort(port));
    });
  });
}

/** Polls `url/api/health` until it answers 200 (bounded; fails with the server's output when it exits or hangs). */
export async function waitForHealth(
  url: string,
  server: ManagedProcess,
  timeoutMs = START_TIMEOUT_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!server.running()) throw new Error(`${server.name} exited:\n${server.output().slice(-4000)}`);
    try {
      const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(`${server.name} did not become healthy:\n${server.output().slice(-4000)}`);
    }
    await new Promise((wait) => setTimeout(wait, 200));
  }
}
