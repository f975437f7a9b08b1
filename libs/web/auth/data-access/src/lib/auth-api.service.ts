import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { AuthResponse, Credentials, RefreshResponse, User } from '@chat/shared/contracts';
import { API_BASE_URL } from '@chat/web/util';
import { Observable } from 'rxjs';

/** The auth endpoints of API.md. The refresh token travels only in its httpOnly cookie, hence `withCredentials`. */
@Injectable({ providedIn: 'root' })
export class AuthApi {
  private readonly http = inject(HttpClient);
  private readonly base = `${inject(API_BASE_URL)}/api`;

  register(credentials: Credentials): Observable<AuthResponse> {
    return this.http.post<AuthResponse>(`${this.base}/auth/register`, credentials, { withCredentials: true });
  }

  login(credentials: Credentials): Observable<AuthResponse> {
    return this.http.post<AuthResponse>(`${this.base}/auth/login`, credentials, { withCredentials: true });
  }

  refresh(): Observable<RefreshResponse> {
    return this.http.post<RefreshResponse>(`${this.base}/auth/refresh`, null, { withCredentials: true });
  }

  logout(): Observable<void> {
    return this.http.post<void>(`${this.base}/auth/logout`, null, { withCredentials: true });
  }

  me(): Observable<User> {
    return this.http.get<User>(`${this.base}/users/me`);
  }
}

/** Endpoints whose 401 means "wrong credentials" or "no session", never "access token expired". */
export function isSessionEndpoint(url: string): boolean {
  return /\/api\/auth\/(login|register|refresh|logout)$/.test(url.split('?')[0]);
}
