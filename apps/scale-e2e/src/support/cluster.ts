import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startRedisServer, TestRedisServer } from '@chat/api/util/testing';
import {
  freePort,
  killAll,
  ManagedProcess,
  spawnManaged,
  waitForHealth,
} from '@chat/shared/util-testing/node';
import { Balancer, startBalancer } from './balancer';

const ROOT = resolve(__dirname, '../../../..');

const SERVER_MAIN = join(ROOT, 'dist/apps/api/main.js');

/** One server instance: the built server (`node dist/apps/api/main.js`) on its own port. */
export interface Instance {
  name: string;
  port: number;
  url: string;
  process(): ManagedProcess;
  /** SIGKILL: the instance dies without closing anything. */
  crash(): Promise<void>;
  /** Starts it again on the same port and waits until it is healthy. */
  restart(): Promise<void>;
}

/** Two instances sharing one Redis and one database engine, behind one balancer address. */
export interface Cluster {
  redis: TestRedisServer;
  a: Instance;
  b: Instance;
  /** One address in front of both, as a load balancer with WebSocket support: the first live instance wins. */
  balancer: Balancer;
  stop(): Promise<void>;
}

/** Settings of the suite: low limits, so crossing them takes few requests. */
export const LIMITS = { messagesPerSecond: 5, burstFactor: 3, failedLoginsPerMinute: 4 } as const;

/**
 * Starts redis-server, the embedded engine as its own process over TCP (as `npm run db` does) and two instances of
 * the built server against both. Anything started is ended by `stop()`, also when start-up fails half-way.
 */
export async function startCluster(): Promise<Cluster> {
  if (!existsSync(SERVER_MAIN)) {
    throw new Error(`${SERVER_MAIN} is missing: run \`npm run test:scale\`, which builds it first`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'chat-scale-e2e-'));
  let redis: TestRedisServer | undefined;
  let balancer: Balancer | undefined;
  const stop = async () => {
    await balancer?.close();
    await killAll();
    await redis?.stop(true);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    redis = await startRedisServer();
    const engine = spawnManaged(
      'engine',
      ['-r', '@swc-node/register', 'libs/embedded-mongo/src/cli.ts', '--port', '0'],
      { SWC_NODE_PROJECT: join(ROOT, 'libs/embedded-mongo/tsconfig.lib.json') },
      ROOT,
    );
    const uri = await engine.waitFor(/accepting connections at (mongodb:\/\/\S+)/);
    const env = {
      NODE_ENV: 'test',
      MONGODB_URI: `${uri.replace(/\/$/, '')}/chat_scale_e2e`,
      REDIS_URL: redis.url,
      JWT_SECRET: randomBytes(32).toString('hex'),
      DATA_DIR: dataDir,
      BCRYPT_COST: '4',
      RATE_LIMIT_MESSAGES_PER_SEC: String(LIMITS.messagesPerSecond),
      RATE_LIMIT_LOGIN_PER_MIN: String(LIMITS.failedLoginsPerMinute),
      RATE_LIMIT_REGISTER_PER_MIN: '0', // every user of the suite registers from 127.0.0.1
      LOG_LEVEL: 'warn',
    };
    const [a, b] = await Promise.all([instance('A', env), instance('B', env)]);
    balancer = await startBalancer([a.port, b.port]);
    return { redis, a, b, balancer, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function instance(name: string, env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let current: ManagedProcess;
  const start = async () => {
    current = spawnManaged(`instance ${name}`, [SERVER_MAIN], { ...env, PORT: String(port) }, ROOT);
    await waitForHealth(url, current);
  };
  await start();
  return {
    name,
    port,
    url,
    process: () => current,
    crash: async () => {
      await current.kill();
    },
    restart: start,
  };
}
