import { Logger } from '@nestjs/common';
import type { Redis, RedisOptions } from 'ioredis';

/** How long a command may wait on a Redis that stopped answering, and how long start-up waits for Redis. */
export const REDIS_TIMING = {
  commandTimeoutMs: 1000,
  startTimeoutMs: 10_000,
  maxReconnectDelayMs: 1000,
} as const;

/**
 * How a connection behaves while Redis is away:
 * - `fast`: commands fail at once (or after `commandTimeoutMs` on a Redis that hangs), so callers fall back to what
 *   they can do alone (serve their own sockets, count in memory) instead of waiting;
 * - `patient`: commands wait for the reconnection and never give up, for readers that must resume where they stopped
 *   (the Socket.IO adapter's stream reader and subscriber).
 */
export type RedisMode = 'fast' | 'patient';

const MODES: Record<RedisMode, RedisOptions> = {
  fast: {
    enableOfflineQueue: false,
    commandTimeout: REDIS_TIMING.commandTimeoutMs,
    maxRetriesPerRequest: 1,
  },
  patient: {
    enableOfflineQueue: true,
    maxRetriesPerRequest: null,
    // A Redis that hangs (its connection open, nothing answering) releases a blocking read after its own timeout.
    blockingTimeout: 30_000,
  },
};

/**
 * The server's connections to Redis. `ioredis` is loaded by `open()` only, so a server without `REDIS_URL` never
 * loads a Redis client. Every connection reconnects on its own, every `maxReconnectDelayMs` at most.
 */
export class RedisConnection {
  private readonly logger = new Logger('Redis');
  private readonly clients = new Set<Redis>();
  /** The connection for commands: presence, rate limits, health. */
  readonly commands: Redis;

  private constructor(
    private readonly RedisClient: typeof Redis,
    private readonly url: string,
  ) {
    this.commands = this.client('fast');
  }

  /** Connects to `url` and waits until Redis answers; throws when it does not within `startTimeoutMs`. */
  static async open(
    url: string,
    startTimeoutMs: number = REDIS_TIMING.startTimeoutMs,
  ): Promise<RedisConnection> {
    const { Redis } = await import('ioredis');
    const connection = new RedisConnection(Redis, url);
    try {
      await connection.ready(connection.commands, startTimeoutMs);
    } catch (error) {
      await connection.close();
      throw error;
    }
    return connection;
  }

  /** A new connection of the given mode, closed with the others by `close()`. */
  client(mode: RedisMode): Redis {
    const client = new this.RedisClient(this.url, {
      ...MODES[mode],
      retryStrategy: (attempt) => Math.min(attempt * 100, REDIS_TIMING.maxReconnectDelayMs),
    });
    let reported = false;
    client.on('error', (error: Error) => {
      if (reported) return;
      reported = true;
      this.logger.warn(`Redis is unreachable (${error.message}); reconnecting`);
    });
    client.on('ready', () => {
      if (reported) this.logger.log('Redis is reachable again');
      reported = false;
    });
    client.on('end', () => this.clients.delete(client));
    this.clients.add(client);
    return client;
  }

  /** Whether Redis answers a ping on the command connection (within `commandTimeoutMs`). */
  async isUp(): Promise<boolean> {
    if (this.commands.status !== 'ready') return false;
    try {
      return (await this.commands.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients].map((client) => client.quit().catch(() => client.disconnect())));
    this.clients.clear();
  }

  private ready(client: Redis, timeoutMs: number): Promise<void> {
    if (client.status === 'ready') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        client.off('ready', onReady);
        reject(new Error(`Redis did not answer within ${timeoutMs / 1000}s (REDIS_URL)`));
      }, timeoutMs);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      client.once('ready', onReady);
    });
  }
}
