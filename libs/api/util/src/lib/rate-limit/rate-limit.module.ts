import { Global, Module } from '@nestjs/common';
import { MemoryRateLimiterFactory } from './memory-rate-limiter.factory';
import { RateLimiterFactory } from './rate-limiter';

/** Provides the `RateLimiterFactory` (in memory); registered once at the root. */
@Global()
@Module({
  providers: [{ provide: RateLimiterFactory, useClass: MemoryRateLimiterFactory }],
  exports: [RateLimiterFactory],
})
export class RateLimitModule {}
