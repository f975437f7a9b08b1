import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { STATUS_CODES } from 'node:http';
import type { ApiError } from '@chat/shared/contracts';
import { isDatabaseUnavailableError } from '../errors/mongo-errors';
import { TooManyRequestsException } from '../errors/too-many-requests.exception';

/** The contract's error body for a status and message. */
export function apiError(statusCode: number, message: string | string[]): ApiError {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
}

/** The contract's error body for any thrown value, and whether it was unexpected (worth logging). */
export function toApiError(exception: unknown): { body: ApiError; unexpected: boolean } {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : ((response as { message?: string | string[] }).message ?? exception.message);
    return { body: apiError(status, message), unexpected: false };
  }
  if (isDatabaseUnavailableError(exception)) {
    return {
      body: apiError(HttpStatus.SERVICE_UNAVAILABLE, 'the database is unavailable'),
      unexpected: true,
    };
  }
  return { body: apiError(HttpStatus.INTERNAL_SERVER_ERROR, 'internal server error'), unexpected: true };
}

/**
 * Turns every exception of an HTTP request into the contract's error shape
 * `{ statusCode, error, message }`; unexpected errors are logged and never described to the client.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(ApiExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const response = host.switchToHttp().getResponse<Response>();
    const { body, unexpected } = toApiError(exception);
    if (unexpected) this.logger.error(exception);
    if (response.headersSent) return;
    if (exception instanceof TooManyRequestsException) {
      response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    }
    response.status(body.statusCode).json(body);
  }
}
