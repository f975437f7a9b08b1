import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { ApiError, HealthStatus } from '@chat/shared/contracts';
import { DatabaseHealth } from '@chat/api/data-access';
import { apiError, Public } from '@chat/api/util';

/** 503's body: the health shape plus the contract's error fields. */
export type HealthFailure = HealthStatus & ApiError;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly database: DatabaseHealth) {}

  @Public()
  @Get()
  @ApiOkResponse({ description: '{ status: "ok", db: "up" }' })
  @ApiServiceUnavailableResponse({
    description: '{ status: "error", db: "down" } when the database is unreachable',
  })
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthStatus | HealthFailure> {
    if (await this.database.isUp()) return { status: 'ok', db: 'up' };
    res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return {
      ...apiError(HttpStatus.SERVICE_UNAVAILABLE, 'the database is unreachable'),
      status: 'error',
      db: 'down',
    };
  }
}
