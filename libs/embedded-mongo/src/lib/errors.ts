/** MongoDB server error codes used by the engine, with their canonical code names. */
export const ErrorCode = {
  InternalError: 1,
  BadValue: 2,
  NoSuchKey: 4,
  Unauthorized: 13,
  InvalidBSON: 22,
  FailedToParse: 9,
  TypeMismatch: 14,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  ConflictingUpdateOperators: 40,
  CursorNotFound: 43,
  NamespaceExists: 48,
  DollarPrefixedFieldName: 52,
  InvalidIdField: 53,
  CommandNotFound: 59,
  ImmutableField: 66,
  CannotCreateIndex: 67,
  InvalidOptions: 72,
  InvalidNamespace: 73,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  OperationFailed: 96,
  CommandNotSupported: 115,
  CannotIndexParallelArrays: 171,
  InvalidPipelineOperator: 168,
  NotImplemented: 238,
  UnsupportedOpQueryCommand: 352,
  DuplicateKey: 11000,
  BSONObjectTooLarge: 10334,
  Location40415: 40415,
  AuthenticationFailed: 18,
  InvalidIndexSpecificationOption: 197,
  OpMsgRequiresDb: 40571,
} as const;

const CODE_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(ErrorCode).map(([name, code]) => [code, name]),
);

export function codeName(code: number): string {
  return CODE_NAMES[code] ?? 'UnknownError';
}

/** An error that is reported to the client in MongoDB's `{ ok: 0, errmsg, code, codeName }` shape. */
export class MongoServerError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'MongoServerError';
  }

  toReply(): Record<string, unknown> {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: codeName(this.code), ...this.extra };
  }
}

export function badValue(message: string): MongoServerError {
  return new MongoServerError(ErrorCode.BadValue, message);
}

export function typeMismatch(message: string): MongoServerError {
  return new MongoServerError(ErrorCode.TypeMismatch, message);
}

/** Converts anything thrown while executing a command (including mingo errors) into a server error. */
export function toServerError(err: unknown): MongoServerError {
  if (err instanceof MongoServerError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new MongoServerError(ErrorCode.BadValue, message);
}
