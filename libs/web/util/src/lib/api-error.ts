import { HttpErrorResponse } from '@angular/common/http';
import type { ApiError } from '@chat/shared/contracts';

export function isApiError(value: unknown): value is ApiError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<ApiError>;
  return (
    typeof candidate.statusCode === 'number' &&
    typeof candidate.error === 'string' &&
    (typeof candidate.message === 'string' || Array.isArray(candidate.message))
  );
}

/**
 * Turns anything an HTTP call can throw into the contract's one error shape, so components only ever see `ApiError`.
 * `statusCode` 0 means the server could not be reached.
 */
export function toApiError(err: unknown): ApiError {
  if (isApiError(err)) return err;
  if (err instanceof HttpErrorResponse) {
    if (isApiError(err.error)) return err.error;
    if (err.status === 0) {
      return {
        statusCode: 0,
        error: 'Network Error',
        message: 'Cannot reach the server. Check your connection.',
      };
    }
    const body = typeof err.error === 'string' && err.error.trim() ? err.error.trim() : null;
    return { statusCode: err.status, error: err.statusText || 'Error', message: body ?? err.message };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { statusCode: 0, error: 'Error', message };
}

/** One human sentence for an error (the server may send several validation messages). */
export function errorText(error: ApiError): string {
  const text = Array.isArray(error.message) ? error.message.join('; ') : error.message;
  const sentence = text.trim() || error.error;
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}
