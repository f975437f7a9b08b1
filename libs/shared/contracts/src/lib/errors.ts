/** The one error shape of every REST failure (NestJS's standard shape). */
export interface ApiError {
  statusCode: number;
  error: string;
  message: string | string[];
}

/** Error codes carried by socket acknowledgements. */
export const ACK_ERROR_CODES = [
  'VALIDATION',
  'UNKNOWN_RECEIVER',
  'BLOCKED',
  'RATE_LIMITED',
  'UNAUTHORIZED',
  'INTERNAL',
] as const;
export type AckErrorCode = (typeof ACK_ERROR_CODES)[number];

export interface AckError {
  code: AckErrorCode;
  message: string;
}

export interface AckFailure {
  ok: false;
  error: AckError;
}

/** Reply of a socket event: `{ ok: true, ...T }` or `{ ok: false, error }`. */
export type Ack<T extends object = object> = ({ ok: true } & T) | AckFailure;
