import { HttpErrorResponse, HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { API_BASE_URL, toApiError } from '@chat/web/util';
import { catchError, from, switchMap, throwError } from 'rxjs';
import { isSessionEndpoint } from './auth-api.service';
import { AuthStore, isSessionGone } from './auth.store';

function withBearer<T>(request: HttpRequest<T>, token: string | null): HttpRequest<T> {
  return token ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request;
}

/**
 * Adds the bearer to API calls. On a 401 it renews the access token once (one refresh in flight for every request)
 * and retries; when the renewal fails, the session ends and the user is sent to sign in.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  const apiBase = inject(API_BASE_URL);
  if (!request.url.startsWith(`${apiBase}/api/`)) return next(request);
  const auth = inject(AuthStore);
  const sentWith = auth.accessToken();

  return next(withBearer(request, sentWith)).pipe(
    catchError((error: unknown) => {
      const expired = error instanceof HttpErrorResponse && error.status === 401;
      if (!expired || !sentWith || isSessionEndpoint(request.url)) return throwError(() => error);
      // Another request may have renewed the token while this one was on its way.
      const current = auth.accessToken();
      const renewed = current && current !== sentWith ? Promise.resolve(current) : auth.refreshAccessToken();
      return from(renewed).pipe(
        catchError((refreshError: unknown) => {
          if (isSessionGone(refreshError)) auth.expireSession();
          return throwError(() => error);
        }),
        switchMap((token) => next(withBearer(request, token))),
      );
    }),
  );
};

/** Outermost interceptor: every HTTP failure reaches callers as the contract's `ApiError`. */
export const apiErrorInterceptor: HttpInterceptorFn = (request, next) =>
  next(request).pipe(catchError((error: unknown) => throwError(() => toApiError(error))));
