import { InjectionToken } from '@angular/core';

/**
 * Origin of the REST API, without a trailing slash. Empty means "same origin as the app" (the production server
 * serves both, and the dev server proxies `/api`).
 */
export const API_BASE_URL = new InjectionToken<string>('API_BASE_URL', {
  providedIn: 'root',
  factory: () => '',
});

/** Origin of the Socket.IO server, without a trailing slash. Empty means "same origin as the app". */
export const SOCKET_BASE_URL = new InjectionToken<string>('SOCKET_BASE_URL', {
  providedIn: 'root',
  factory: () => '',
});
