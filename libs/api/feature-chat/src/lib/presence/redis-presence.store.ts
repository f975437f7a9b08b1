import { Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { PresenceListener, PresenceStore } from './presence-store';
import { ADD_SOCKET, REFRESH_SOCKETS, REMOVE_SOCKET, SWEEP_EXPIRED } from './redis-presence.scripts';

/**
 * Each instance refreshes its sockets every `refreshMs`; a socket not refreshed for `ttlMs` has expired (its instance
 * died), and every instance sweeps expired sockets every `sweepMs`. So a dead instance's users go offline within
 * `ttlMs + sweepMs`.
 */
export interface PresenceTiming {
  refreshMs: number;
  ttlMs: number;
  sweepMs: number;
}

export const PRESENCE_TIMING: PresenceTiming = { refreshMs: 5_000, ttlMs: 15_000, sweepMs: 2_000 };

/** Prefix of every presence key in Redis. */
export const PRESENCE_KEY_PREFIX = 'chat:presence:';
const USER_KEY_PREFIX = `${PRESENCE_KEY_PREFIX}user:`;
const EXPIRY_KEY = `${PRESENCE_KEY_PREFIX}expiry`;
/** Sockets refreshed per script call, and expired sockets handled per sweep. */
const BATCH = 500;

interface PresenceCommands {
  chatPresenceAdd(...args: string[]): Promise<number>;
  chatPresenceRemove(...args: string[]): Promise<number>;
  chatPresenceRefresh(...args: string[]): Promise<string[]>;
  chatPresenceSweep(...args: string[]): Promise<string[]>;
}

/**
 * Presence shared by every instance through Redis: a user is online while any instance holds a socket of theirs.
 * Sockets carry an expiry that their instance keeps pushing back, so the users of an instance that dies (SIGKILL, a
 * lost machine) go offline on their own, announced once by whichever instance sweeps them. The refresh also puts
 * back sockets that Redis lost (a restart without persistence).
 */
export class RedisPresenceStore extends PresenceStore implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RedisPresenceStore.name);
  private readonly redis: Redis & PresenceCommands;
  /** This instance's sockets, by user: what it refreshes. */
  private readonly local = new Map<string, Set<string>>();
  private listener?: PresenceListener;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    redis: Redis,
    private readonly timing: PresenceTiming = PRESENCE_TIMING,
  ) {
    super();
    const define = (name: keyof PresenceCommands, lua: string, numberOfKeys?: number) => {
      if (!(name in redis)) redis.defineCommand(name, { lua, numberOfKeys });
    };
    define('chatPresenceAdd', ADD_SOCKET, 2);
    define('chatPresenceRemove', REMOVE_SOCKET, 2);
    define('chatPresenceRefresh', REFRESH_SOCKETS); // as many keys as sockets: the count comes first
    define('chatPresenceSweep', SWEEP_EXPIRED, 1);
    this.redis = redis as Redis & PresenceCommands;
  }

  onModuleInit(): void {
    this.start();
  }

  onModuleDestroy(): void {
    this.stop();
  }

  /** Starts refreshing this instance's sockets and sweeping expired ones. */
  start(): void {
    if (this.timers.length) return;
    const every = (ms: number, work: () => Promise<unknown>, what: string) => {
      const timer = setInterval(() => {
        work().catch((error: Error) => this.logger.debug(`${what} failed: ${error.message}`));
      }, ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.timing.refreshMs, () => this.refresh(), 'refresh');
    every(this.timing.sweepMs, () => this.sweep(), 'sweep');
  }

  stop(): void {
    this.timers.forEach(clearInterval);
    this.timers = [];
  }

  watch(listener: PresenceListener): void {
    this.listener = listener;
  }

  async add(userId: string, socketId: string): Promise<boolean> {
    let sockets = this.local.get(userId);
    if (!sockets) this.local.set(userId, (sockets = new Set()));
    sockets.add(socketId);
    const now = Date.now();
    const first = await this.redis.chatPresenceAdd(
      userKey(userId),
      EXPIRY_KEY,
      String(now),
      String(now + this.timing.ttlMs),
      socketId,
      userId,
      String(this.keyTtlMs()),
    );
    return first === 1;
  }

  async remove(userId: string, socketId: string): Promise<boolean> {
    // Forgotten here first, so a socket whose removal fails while Redis is away is no longer refreshed and expires.
    const sockets = this.local.get(userId);
    sockets?.delete(socketId);
    if (sockets?.size === 0) this.local.delete(userId);
    const last = await this.redis.chatPresenceRemove(
      userKey(userId),
      EXPIRY_KEY,
      String(Date.now()),
      socketId,
      userId,
    );
    return last === 1;
  }

  async isOnline(userId: string): Promise<boolean> {
    return (await this.onlineAmong([userId])).has(userId);
  }

  async onlineAmong(userIds: readonly string[]): Promise<Set<string>> {
    if (!userIds.length) return new Set();
    const since = `(${Date.now()}`;
    const pipeline = this.redis.pipeline();
    for (const id of userIds) pipeline.zcount(userKey(id), since, '+inf');
    const results = (await pipeline.exec()) ?? [];
    const online = new Set<string>();
    results.forEach(([error, count], i) => {
      if (error) throw error;
      if (Number(count) > 0) online.add(userIds[i]);
    });
    return online;
  }

  /** Pushes back the expiry of this instance's sockets; tells the listener of users Redis had lost. */
  async refresh(): Promise<void> {
    const sockets = [...this.local].flatMap(([user, ids]) => [...ids].map((id) => [user, id] as const));
    const now = Date.now();
    for (let i = 0; i < sockets.length; i += BATCH) {
      const batch = sockets.slice(i, i + BATCH);
      const restored = await this.redis.chatPresenceRefresh(
        String(batch.length + 1),
        EXPIRY_KEY,
        ...batch.map(([user]) => userKey(user)),
        String(now),
        String(now + this.timing.ttlMs),
        String(this.keyTtlMs()),
        ...batch.flat(),
      );
      restored.forEach((user) => this.listener?.restored(user));
    }
  }

  /** Forgets expired sockets; tells the listener of users who thereby went offline. */
  async sweep(): Promise<void> {
    for (;;) {
      const offline = await this.redis.chatPresenceSweep(
        EXPIRY_KEY,
        String(Date.now()),
        String(BATCH),
        USER_KEY_PREFIX,
      );
      offline.forEach((user) => this.listener?.expired(user));
      if (offline.length < BATCH) return;
    }
  }

  /** A user's set outlives its sockets' expiry, so the sweep still finds them there. */
  private keyTtlMs(): number {
    return this.timing.ttlMs * 10;
  }
}

function userKey(userId: string): string {
  return `${USER_KEY_PREFIX}${userId}`;
}
