import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { errorText, isApiError, toApiError } from './api-error';

describe('toApiError', () => {
  it('passes the server error body through', () => {
    const body = { statusCode: 409, error: 'Conflict', message: 'username taken' };
    expect(toApiError(new HttpErrorResponse({ status: 409, error: body }))).toEqual(body);
  });

  it('reports an unreachable server as status 0', () => {
    const error = toApiError(new HttpErrorResponse({ status: 0, error: new ProgressEvent('error') }));
    expect(error.statusCode).toBe(0);
    expect(errorText(error)).toMatch(/cannot reach the server/i);
  });

  it('builds the shape from a response that is not JSON', () => {
    const error = toApiError(
      new HttpErrorResponse({
        status: 502,
        statusText: 'Bad Gateway',
        error: 'upstream down',
        headers: new HttpHeaders(),
      }),
    );
    expect(error).toEqual({ statusCode: 502, error: 'Bad Gateway', message: 'upstream down' });
  });

  it('keeps an ApiError as it is and wraps other throwables', () => {
    const apiError = { statusCode: 401, error: 'Unauthorized', message: 'nope' };
    expect(toApiError(apiError)).toBe(apiError);
    expect(toApiError(new Error('boom'))).toEqual({ statusCode: 0, error: 'Error', message: 'boom' });
    expect(isApiError({ statusCode: 1 })).toBe(false);
  });
});

describe('errorText', () => {
  it('joins validation messages into one sentence', () => {
    expect(errorText({ statusCode: 400, error: 'Bad Request', message: ['text too long', 'bad id'] })).toBe(
      'Text too long; bad id',
    );
  });

  it('falls back to the error name', () => {
    expect(errorText({ statusCode: 500, error: 'Internal Server Error', message: '' })).toBe(
      'Internal Server Error',
    );
  });
});
