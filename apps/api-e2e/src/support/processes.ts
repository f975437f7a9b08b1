import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { join, resolve } from 'node:path';

/** The workspace root (where `dist/` and `node_modules/` are). */
export const WORKSPACE_ROOT = resolve(__dirname, '../../../..');
/** The built server, as `npm start` runs it (`npm test` builds it first: `api:build` is a dependency). */
export const SERVER_MAIN = join(WORKSPACE_ROOT, 'dist/apps/api/main.js');
const ENGINE_CLI = join(WORKSPACE_ROOT, 'libs/embedded-mongo/src/cli.ts');

/** A hang guard for start-ups and shutdowns (never a timing assertion). */
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;

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

export function spawnManaged(name: string, args: string[], env: Record<string, string>): ManagedProcess {
  const child = spawn(process.execPath, args, {
    cwd: WORKSPACE_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
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

/** A free TCP port on 127.0.0.1 (free when asked; good enough for a child to bind right after). */
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

export interface ServerProcess extends ManagedProcess {
  url: string;
  port: number;
}

export interface ServerProcessOptions {
  /** Default: a free port. Give the old one to restart a server where its clients expect it. */
  port?: number;
  /** Overrides the test defaults below (set `MONGODB_URI` to use an engine of the test's own). */
  env?: Record<string, string>;
  /** Extra `node` options (e.g. `--expose-gc`). */
  nodeArgs?: string[];
}

/** One JWT secret per test run, so a restarted server accepts the tokens of the one before. */
export const TEST_JWT_SECRET = randomBytes(32).toString('hex');

/**
 * Runs the built server (`node dist/apps/api/main.js`) in a child process and waits until `/api/health` answers
 * 200. Defaults: test mode, bcrypt cost 4, rate limits off, warnings only; without `MONGODB_URI` in `env` it embeds
 * the durable engine under `DATA_DIR` (which the caller must set).
 */
export async function startServerProcess(options: ServerProcessOptions = {}): Promise<ServerProcess> {
  if (!existsSync(SERVER_MAIN)) {
    throw new Error(`${SERVER_MAIN} is missing: run \`npx nx build api\` (\`npm test\` builds it first)`);
  }
  const port = options.port ?? (await freePort());
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    PORT: String(port),
    JWT_SECRET: TEST_JWT_SECRET,
    BCRYPT_COST: '4',
    RATE_LIMIT_MESSAGES_PER_SEC: '0',
    RATE_LIMIT_LOGIN_PER_MIN: '0',
    RATE_LIMIT_REGISTER_PER_MIN: '0',
    LOG_LEVEL: 'warn',
    WEB_DIR: join(WORKSPACE_ROOT, 'dist/no-web-build-for-api-e2e'),
    ...options.env,
  };
  if (!options.env?.['MONGODB_URI']) delete env['MONGODB_URI'];
  const server = spawnManaged(`server :${port}`, [...(options.nodeArgs ?? []), SERVER_MAIN], env);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, server);
  } catch (error) {
    await server.kill();
    throw error;
  }
  return Object.assign(server, { url, port });
}

/** Polls `/api/health` until it answers 200 (bounded; fails with the server's output). */
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

export interface EngineProcess extends ManagedProcess {
  /** `mongodb://127.0.0.1:PORT` */
  uri: string;
  port: number;
}

/** Runs the embedded engine's command line on a TCP port (a fixed one to restart it in place), durable in `dbPath`. */
export async function startEngineProcess(
  options: { port?: number; dbPath?: string } = {},
): Promise<EngineProcess> {
  const port = options.port ?? (await freePort());
  const args = ['-r', '@swc-node/register', ENGINE_CLI, '--port', String(port)];
  if (options.dbPath) args.push('--dbpath', options.dbPath);
  const engine = spawnManaged(`engine :${port}`, args, {
    SWC_NODE_PROJECT: join(WORKSPACE_ROOT, 'libs/embedded-mongo/tsconfig.lib.json'),
  });
  try {
    const uri = await engine.waitFor(/accepting connections at (mongodb:\/\/\S+)/);
    return Object.assign(engine, { uri: uri.replace(/\/$/, ''), port });
  } catch (error) {
    await engine.kill();
    throw error;
  }
}
