import { WsException } from '@nestjs/websockets';
import type { AckError, AckErrorCode } from '@chat/shared/contracts';

/** A socket event refused with one of the contract's ack error codes. */
export class AckException extends WsException {
  constructor(
    readonly code: AckErrorCode,
    message: string,
  ) {
    super({ code, message } satisfies AckError);
  }

  toAckError(): AckError {
    return { code: this.code, message: this.message };
  }
}
