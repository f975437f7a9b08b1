import { Global, Module } from '@nestjs/common';
import { REDIS } from '../redis/redis.module';
import type { RedisConnection } from '../redis/redis-connection';
import { MemoryRateLimiterFactory } from './memory-rate-limiter.factory';
import { RateLimiterFactory } from './rate-limiter';
import { RedisRateLimiterFactory } from './redis-rate-limiter.factory';

/**
 * Provides the `RateLimiterFactory`: in Redis when `REDIS_URL` is set (one budget across instances), otherwise in
 * memory. Registered once at the root, after `RedisModule`.
 */
@Global()
@Module({
  providers: [
    {
      provide: RateLimiterFactory,
      inject: [REDIS],
      useFactory: (redis: RedisConnection | null): RateLimiterFactory =>
        redis ? new RedisRateLimiterFactory(redis.commands) : new MemoryRateLimiterFactory(),
    },
  ],
  exports: [RateLimiterFactory],
})
export class RateLimitModule {}
