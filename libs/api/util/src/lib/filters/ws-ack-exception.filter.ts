import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { WsException } from '@nestjs/websockets';
import type { AckError, AckFailure, SocketExceptionEvent } from '@chat/shared/contracts';
import { AckException } from '../errors/ack.exception';
import { isDatabaseUnavailableError } from '../errors/mongo-errors';

/** The ack error for any thrown value, and whether it was unexpected (worth logging). */
export function toAckError(exception: unknown): { error: AckError; unexpected: boolean } {
  if (exception instanceof AckException) return { error: exception.toAckError(), unexpected: false };
  if (exception instanceof WsException) {
    const raw = exception.getError();
    const message =
      typeof raw === 'string' ? raw : String((raw as { message?: unknown }).message ?? 'refused');
    return { error: { code: 'VALIDATION', message }, unexpected: false };
  }
  const message = isDatabaseUnavailableError(exception)
    ? 'the database is unavailable, try again'
    : 'internal error, try again';
  return { error: { code: 'INTERNAL', message }, unexpected: true };
}

/**
 * Answers a failed socket event: through its ack callback when the client gave one
 * (`{ ok: false, error: { code, message } }`), otherwise with an `exception` event, so no failure is silent.
 */
@Catch()
export class WsAckExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(WsAckExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const { error, unexpected } = toAckError(exception);
    if (unexpected) this.logger.error(exception);
    // Nest calls socket handlers with (client, data, ack, pattern).
    const [client, , ack, pattern] =
      host.getArgs<[{ emit(event: string, payload: unknown): unknown }, unknown, unknown, unknown]>();
    if (typeof ack === 'function') {
      const reply: AckFailure = { ok: false, error };
      ack(reply);
      return;
    }
    const event: SocketExceptionEvent = {
      event: typeof pattern === 'string' ? pattern : 'unknown',
      ...error,
    };
    client.emit('exception', event);
  }
}
