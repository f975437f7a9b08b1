import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { ApiError, HealthStatus } from '@chat/shared/contracts';
import { DatabaseHealth } from '@chat/api/data-access';
import { apiError, Public, REDIS, RedisConnection } from '@chat/api/util';

/** 503's body: the health shape plus the contract's error fields. */
export type HealthFailure = HealthStatus & ApiError;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: DatabaseHealth,
    @Inject(REDIS) private readonly redis: RedisConnection | null,
  ) {}

  @Public()
  @Get()
  @ApiOkResponse({
    description: '{ status: "ok", db: "up" }, plus redis: "up" | "down" when Redis is configured',
  })
  @ApiServiceUnavailableResponse({
    description: '{ status: "error", db: "down" } when the database is unreachable',
  })
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthStatus | HealthFailure> {
    const [db, redis] = await Promise.all([this.database.isUp(), this.redis?.isUp()]);
    const redisState: Pick<HealthStatus, 'redis'> =
      redis === undefined ? {} : { redis: redis ? 'up' : 'down' };
    if (db) return { status: 'ok', db: 'up', ...redisState };
    res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return {
      ...apiError(HttpStatus.SERVICE_UNAVAILABLE, 'the database is unreachable'),
      status: 'error',
      db: 'down',
      ...redisState,
    };
  }
}
