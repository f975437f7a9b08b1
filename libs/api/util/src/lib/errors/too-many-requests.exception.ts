import { HttpException, HttpStatus } from '@nestjs/common';

/** 429 with the number of seconds after which a retry may succeed (sent as `Retry-After`). */
export class TooManyRequestsException extends HttpException {
  readonly retryAfterSeconds: number;

  constructor(retryAfterMs: number, message = 'too many attempts, try again later') {
    super(message, HttpStatus.TOO_MANY_REQUESTS);
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  }
}
