import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The running server the browsers talk to. */
export interface Stack {
  baseUrl: string;
  stop(): Promise<void>;
}

const ROOT = resolve(__dirname, '../../../..');
const SERVER_MAIN = join(ROOT, 'dist/apps/api/main.js');
const WEB_INDEX = join(ROOT, 'dist/apps/web/browser/index.html');
const START_TIMEOUT_MS = 120_000;

/**
 * Starts the embedded engine in memory (its command line, in a child process) and the built server against it,
 * serving the built web app, on a free port: the same programs `npm start` runs, with test settings (bcrypt cost 4,
 * rate limits off so the suite can seed history quickly, a throwaway data directory). `env` overrides them.
 */
export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
  for (const file of [SERVER_MAIN, WEB_INDEX]) {
    if (!existsSync(file))
      throw new Error(`${file} is missing: run \`npm run test:browser\`, which builds it first`);
  }
  const engine = await startProcess(
    'engine',
    process.execPath,
    ['-r', '@swc-node/register', 'libs/embedded-mongo/src/cli.ts', '--port', '0'],
    { SWC_NODE_PROJECT: join(ROOT, 'libs/embedded-mongo/tsconfig.lib.json') },
  );
  const uri = await engine.waitFor(/accepting connections at (mongodb:\/\/\S+)/);
  const dataDir = mkdtempSync(join(tmpdir(), 'chat-browser-e2e-'));
  let server: ManagedProcess | undefined;
  const stop = async () => {
    await server?.stop();
    await engine.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const port = await freePort();
    server = await startProcess('server', process.execPath, [SERVER_MAIN], {
      NODE_ENV: 'test',
      PORT: String(port),
      MONGODB_URI: `${uri.replace(/\/$/, '')}/chat_browser_e2e`,
      JWT_SECRET: randomBytes(32).toString('hex'),
      DATA_DIR: dataDir,
      BCRYPT_COST: '4',
      RATE_LIMIT_MESSAGES_PER_SEC: '0',
      RATE_LIMIT_LOGIN_PER_MIN: '0',
      RATE_LIMIT_REGISTER_PER_MIN: '0',
      LOG_LEVEL: 'warn',
      ...env,
    });
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitForHealth(baseUrl, server);
    return { baseUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/*
 * Jest loads this file from `globalSetup`, where the workspace's path aliases do not resolve: so it keeps its own
 * small process helper instead of `@chat/shared/util-testing/node`, which the other e2e suites share.
 */
interface ManagedProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the first capture group once the output matches. */
  waitFor(pattern: RegExp): Promise<string>;
  stop(): Promise<void>;
}

async function startProcess(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string>,
): Promise<ManagedProcess> {
  const child = spawn(command, args, {
    cwd: ROOT,
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
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let running = true;
  void exited.then(() => {
    running = false;
    listeners.forEach((listener) => listener());
  });

  return {
    child,
    output: () => output,
    waitFor(pattern) {
      return new Promise<string>((resolveMatch, reject) => {
        const timer = setTimeout(
          () => finish(new Error(`${name} did not start in time:\n${output}`)),
          START_TIMEOUT_MS,
        );
        const check = () => {
          const match = pattern.exec(output);
          if (match) finish(undefined, match[1] ?? match[0]);
          else if (!running) finish(new Error(`${name} exited before it was ready:\n${output}`));
        };
        const finish = (error?: Error, value?: string) => {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) reject(error);
          else resolveMatch(value ?? '');
        };
        listeners.add(check);
        check();
      });
    },
    async stop() {
      if (!running) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolvePort(port));
    });
  });
}

async function waitForHealth(baseUrl: string, server: ManagedProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (server.child.exitCode !== null) throw new Error(`the server exited:\n${server.output()}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the server did not become healthy:\n${server.output()}`);
    await new Promise((wait) => setTimeout(wait, 200));
  }
}
