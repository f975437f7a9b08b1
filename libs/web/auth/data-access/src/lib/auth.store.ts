import { computed, inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import type { ApiError, AuthResponse, Credentials, User } from '@chat/shared/contracts';
import { CallState, toApiError } from '@chat/web/util';
import { firstValueFrom, Observable, Subject } from 'rxjs';
import { AuthApi } from './auth-api.service';
import { renewalDelayMs } from './token-lifetime';

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
/** After a renewal failed for want of a network, when to try again. */
const RETRY_RENEWAL_MS = 30_000;

/** A refresh refused by the server (401): the session has ended, unlike a refresh that could not reach it. */
export function isSessionGone(error: unknown): boolean {
  return toApiError(error).statusCode === 401;
}

@Injectable({ providedIn: 'root' })
export class AuthStore {
  private readonly api = inject(AuthApi);
  private readonly router = inject(Router);
  private readonly state = signal<AuthState>(initialState);
  private readonly refreshedSubject = new Subject<string>();
  private restoring: Promise<boolean> | null = null;
  private refreshing: Promise<string> | null = null;
  private renewalTimer: ReturnType<typeof setTimeout> | undefined;

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
    this.setState({ ...initialState, status: 'anonymous' });
  }

  private async restore(): Promise<boolean> {
    try {
      const accessToken = await this.refreshAccessToken();
      const user = await firstValueFrom(this.api.me());
      this.setState({
        status: 'authenticated',
        user,
        accessToken: this.state().accessToken ?? accessToken,
        callState: 'init',
      });
      return true;
    } catch {
      this.setState({ ...initialState, status: 'anonymous' });
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
      this.setState({ status: 'authenticated', user, accessToken, callState: 'loaded' });
      return true;
    } catch (err) {
      this.patch({ callState: { error: toApiError(err) } });
      return false;
    }
  }

  private patch(partial: Partial<AuthState>): void {
    this.setState({ ...this.state(), ...partial });
  }

  /** Every state change goes through here, so a new access token always gets its renewal scheduled. */
  private setState(next: AuthState): void {
    const previousToken = this.state().accessToken;
    this.state.set(next);
    if (next.accessToken !== previousToken) this.scheduleRenewal(next.accessToken);
  }

  /**
   * Renews the access token shortly before it expires, so requests never meet a 401 and the socket moves to the new
   * token before the server closes it. (A 401 is still handled, e.g. after the computer slept.)
   */
  private scheduleRenewal(token: string | null): void {
    clearTimeout(this.renewalTimer);
    this.renewalTimer = undefined;
    const delay = token ? renewalDelayMs(token) : null;
    if (delay === null) return;
    this.renewalTimer = setTimeout(() => this.renew(), delay);
  }

  private renew(): void {
    this.renewalTimer = undefined;
    this.refreshAccessToken().catch((error: unknown) => {
      // The session is gone: sign in again. Offline: keep it, and try again a little later.
      if (isSessionGone(error)) this.expireSession();
      else this.renewalTimer = setTimeout(() => this.renew(), RETRY_RENEWAL_MS);
    });
  }
}
