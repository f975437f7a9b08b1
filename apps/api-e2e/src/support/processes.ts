import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  freePort,
  ManagedProcess,
  spawnManaged as spawnIn,
  waitForHealth,
} from '@chat/shared/util-testing/node';

export type { Exit, ManagedProcess } from '@chat/shared/util-testing/node';
export { freePort, killAll, waitForHealth } from '@chat/shared/util-testing/node';

/** The workspace root (where `dist/` and `node_modules/` are). */
export const WORKSPACE_ROOT = resolve(__dirname, '../../../..');
/** The built server, as `npm start` runs it (`npm test` builds it first: `api:build` is a dependency). */
export const SERVER_MAIN = join(WORKSPACE_ROOT, 'dist/apps/api/main.js');
const ENGINE_CLI = join(WORKSPACE_ROOT, 'libs/embedded-mongo/src/cli.ts');

/** `node ...args` in the workspace root, killed by `killAll()` if still running. */
export function spawnManaged(name: string, args: string[], env: Record<string, string>): ManagedProcess {
  return spawnIn(name, args, env, WORKSPACE_ROOT);
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
