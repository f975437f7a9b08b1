import type { AckErrorCode } from '@chat/shared/contracts';

/** A send or read refused for a reason the client can act on; the transport maps the code to its reply. */
export class MessageRefusedError extends Error {
  constructor(
    readonly code: Exclude<AckErrorCode, 'INTERNAL'>,
    message: string,
  ) {
    super(message);
    this.name = 'MessageRefusedError';
  }
}
