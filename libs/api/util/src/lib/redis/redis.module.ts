import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { redisConfig, RedisConfig } from '../config/namespaces';
import { RedisConnection } from './redis-connection';

/** Injection token of the `RedisConnection`, or `null` when `REDIS_URL` is unset (one instance, all in memory). */
export const REDIS = Symbol('REDIS');

/**
 * Connects to Redis when `REDIS_URL` is set; registered once at the root. Whatever keeps per-user state (rate limits,
 * presence, the Socket.IO adapter) picks its Redis or in-memory implementation from this one provider.
 */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [redisConfig.KEY],
      useFactory: (config: RedisConfig): Promise<RedisConnection | null> =>
        config.url ? RedisConnection.open(config.url) : Promise.resolve(null),
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: RedisConnection | null) {}

  /** Last of all, after the sockets closed and their presence was cleared. */
  async onApplicationShutdown(): Promise<void> {
    await this.redis?.close();
  }
}
