import { computed, inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import type { ApiError, AuthResponse, Credentials, User } from '@chat/shared/contracts';
import { CallState, toApiError } from '@chat/web/util';
import { firstValueFrom, Observable, Subject } from 'rxjs';
import { AuthApi } from './auth-api.service';

export type SessionStatus = 'unknown' | 'authenticated' | 'anonymous';

interface AuthState {
  status: SessionStatus;
  user: User | null;
  /** Kept in memory only: a reload restores it from the httpOnly refresh cookie. */
  accessToken: string | null;
  /** State of the sign-in / create-account call. */
  callState: CallState;
}

const initialState: AuthState = { status: 'unknown', user: null, accessToken: null, callState: 'init' };

/** Cross-tab lock so two tabs never present the same refresh cookie (API.md: a reused one revokes its family). */
const REFRESH_LOCK = 'chat-auth-refresh';

@Injectable({ providedIn: 'root' })
export class AuthStore {
  private readonly api = inject(AuthApi);
  private readonly router = inject(Router);
  private readonly state = signal<AuthState>(initialState);
  private readonly refreshedSubject = new Subject<string>();
  private restoring: Promise<boolean> | null = null;
  private refreshing: Promise<string> | null = null;

  readonly status = computed(() => this.state().status);
  readonly user = computed(() => this.state().user);
  readonly accessToken = computed(() => this.state().accessToken);
  readonly isAuthenticated = computed(() => this.state().status === 'authenticated');
  readonly callState = computed(() => this.state().callState);
  readonly error = computed<ApiError | null>(() => {
    const callState = this.state().callState;
    return typeof callState === 'object' ? callState.error : null;
  });
  /** Emits the new access token after each successful refresh (the socket reconnects with it). */
  readonly tokenRefreshed$: Observable<string> = this.refreshedSubject.asObservable();

  /**
   * Restores the session from the refresh cookie, once per page load; later calls answer from memory.
   * Resolves to whether the user is signed in.
   */
  restoreSession(): Promise<boolean> {
    const { status } = this.state();
    if (status !== 'unknown') return Promise.resolve(status === 'authenticated');
    this.restoring ??= this.restore();
    return this.restoring;
  }

  /** One refresh in flight, shared by every caller (HTTP retries, the socket). */
  refreshAccessToken(): Promise<string> {
    this.refreshing ??= this.refresh().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  signIn(credentials: Credentials): Promise<boolean> {
    return this.authenticate(this.api.login(credentials));
  }

  register(credentials: Credentials): Promise<boolean> {
    return this.authenticate(this.api.register(credentials));
  }

  clearError(): void {
    this.patch({ callState: 'init' });
  }

  /** Ends the session on the server (cookie revoked) and here, then shows the sign-in screen. */
  async signOut(): Promise<void> {
    try {
      await firstValueFrom(this.api.logout());
    } catch {
      // The local session ends whatever the server says; the cookie expires on its own.
    }
    this.reset();
    await this.router.navigateByUrl('/login');
  }

  /** The session could not be renewed: forget it and send the user to sign in, back to where they were. */
  expireSession(): void {
    if (this.state().status === 'anonymous' && !this.state().accessToken) return;
    const returnUrl = this.router.url;
    this.reset();
    void this.router.navigate(['/login'], {
      queryParams: returnUrl && returnUrl !== '/' && !returnUrl.startsWith('/login') ? { returnUrl } : {},
    });
  }

  private reset(): void {
    this.restoring = null;
    this.state.set({ ...initialState, status: 'anonymous' });
  }

  private async restore(): Promise<boolean> {
    try {
      const accessToken = await this.refreshAccessToken();
      const user = await firstValueFrom(this.api.me());
      this.state.set({
        status: 'authenticated',
        user,
        accessToken: this.state().accessToken ?? accessToken,
        callState: 'init',
      });
      return true;
    } catch {
      this.state.set({ ...initialState, status: 'anonymous' });
      return false;
    } finally {
      this.restoring = null;
    }
  }

  private async refresh(): Promise<string> {
    const run = async () => (await firstValueFrom(this.api.refresh())).accessToken;
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    const accessToken = locks ? await locks.request(REFRESH_LOCK, run) : await run();
    this.patch({ accessToken });
    this.refreshedSubject.next(accessToken);
    return accessToken;
  }

  private async authenticate(call: Observable<AuthResponse>): Promise<boolean> {
    this.patch({ callState: 'loading' });
    try {
      const { user, accessToken } = await firstValueFrom(call);
      this.state.set({ status: 'authenticated', user, accessToken, callState: 'loaded' });
      return true;
    } catch (err) {
      this.patch({ callState: { error: toApiError(err) } });
      return false;
    }
  }

  private patch(partial: Partial<AuthState>): void {
    this.state.update((state) => ({ ...state, ...partial }));
  }
}
