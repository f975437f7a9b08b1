import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { aUser } from '@chat/shared/util-testing';
import { apiErrorInterceptor, authInterceptor } from './auth.interceptor';
import { AuthStore } from './auth.store';

const flushPromises = () => new Promise((resolve) => setTimeout(resolve));

describe('AuthStore', () => {
  let backend: HttpTestingController;
  let auth: AuthStore;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([apiErrorInterceptor, authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthStore);
  });

  afterEach(() => backend.verify());

  it('restores the session from the refresh cookie once, for every caller', async () => {
    const alice = aUser({ username: 'alice' });
    const first = auth.restoreSession();
    const second = auth.restoreSession();
    backend.expectOne('/api/auth/refresh').flush({ accessToken: 'restored' });
    await flushPromises();
    const me = backend.expectOne('/api/users/me');
    expect(me.request.headers.get('Authorization')).toBe('Bearer restored');
    me.flush(alice);

    await expect(first).resolves.toBe(true);
    await expect(second).resolves.toBe(true);
    expect(auth.user()).toEqual(alice);
    expect(auth.accessToken()).toBe('restored');
    await expect(auth.restoreSession()).resolves.toBe(true);
  });

  it('is anonymous when there is no session to restore, without asking again', async () => {
    const restored = auth.restoreSession();
    backend
      .expectOne('/api/auth/refresh')
      .flush(
        { statusCode: 401, error: 'Unauthorized', message: 'no refresh token' },
        { status: 401, statusText: 'Unauthorized' },
      );
    await expect(restored).resolves.toBe(false);
    expect(auth.status()).toBe('anonymous');
    await expect(auth.restoreSession()).resolves.toBe(false);
    backend.expectNone('/api/auth/refresh');
  });

  it('registers, tracking the call state', async () => {
    const bob = aUser({ username: 'bob' });
    const registered = auth.register({ username: 'bob', password: 'long enough' });
    expect(auth.callState()).toBe('loading');
    const request = backend.expectOne('/api/auth/register');
    expect(request.request.body).toEqual({ username: 'bob', password: 'long enough' });
    request.flush({ user: bob, accessToken: 't' }, { status: 201, statusText: 'Created' });
    await expect(registered).resolves.toBe(true);
    expect(auth.callState()).toBe('loaded');
    expect(auth.isAuthenticated()).toBe(true);
    expect(auth.user()).toEqual(bob);
  });

  it('keeps the server error of a refused registration', async () => {
    const registered = auth.register({ username: 'bob', password: 'long enough' });
    backend
      .expectOne('/api/auth/register')
      .flush(
        { statusCode: 409, error: 'Conflict', message: 'Username already taken' },
        { status: 409, statusText: 'Conflict' },
      );
    await expect(registered).resolves.toBe(false);
    expect(auth.error()).toEqual({ statusCode: 409, error: 'Conflict', message: 'Username already taken' });
    auth.clearError();
    expect(auth.error()).toBeNull();
  });

  it('signs out on the server and locally, then shows the sign-in screen', async () => {
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    const signedIn = auth.signIn({ username: 'alice', password: 'correct horse' });
    backend.expectOne('/api/auth/login').flush({ user: aUser(), accessToken: 't' });
    await signedIn;

    const signedOut = auth.signOut();
    const logout = backend.expectOne('/api/auth/logout');
    expect(logout.request.method).toBe('POST');
    logout.flush(null, { status: 204, statusText: 'No Content' });
    await signedOut;

    expect(auth.isAuthenticated()).toBe(false);
    expect(auth.accessToken()).toBeNull();
    expect(auth.user()).toBeNull();
    expect(navigate).toHaveBeenCalledWith('/login');
  });

  describe('renewal before expiry', () => {
    const jwt = (iat: number, exp: number) =>
      `h.${btoa(JSON.stringify({ sub: 'u', iat, exp })).replace(/=+$/, '')}.s`;

    const drain = async () => {
      for (let i = 0; i < 20; i += 1) await Promise.resolve();
    };

    beforeEach(() => jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick'] }));
    afterEach(() => jest.useRealTimers());

    it('renews the access token shortly before it expires', async () => {
      const signedIn = auth.signIn({ username: 'alice', password: 'correct horse' });
      backend.expectOne('/api/auth/login').flush({ user: aUser(), accessToken: jwt(1000, 1900) });
      await signedIn;
      jest.advanceTimersByTime(839_000);
      backend.expectNone('/api/auth/refresh');
      jest.advanceTimersByTime(1_000);
      backend.expectOne('/api/auth/refresh').flush({ accessToken: jwt(2000, 2900) });
      await drain();
      expect(auth.accessToken()).toBe(jwt(2000, 2900));
    });

    it('signs out when the renewal is refused, but not when offline', async () => {
      const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
      const signedIn = auth.signIn({ username: 'alice', password: 'correct horse' });
      backend.expectOne('/api/auth/login').flush({ user: aUser(), accessToken: jwt(0, 10) });
      await signedIn;

      jest.advanceTimersByTime(8_000);
      backend.expectOne('/api/auth/refresh').error(new ProgressEvent('error'), { status: 0, statusText: '' });
      await drain();
      expect(auth.isAuthenticated()).toBe(true);
      backend.expectNone('/api/auth/refresh');
      jest.advanceTimersByTime(30_000);

      const retry = backend.expectOne('/api/auth/refresh');
      retry.flush(
        { statusCode: 401, error: 'Unauthorized', message: 'revoked' },
        { status: 401, statusText: 'Unauthorized' },
      );
      await drain();
      expect(auth.isAuthenticated()).toBe(false);
      expect(navigate).toHaveBeenCalledWith(['/login'], expect.anything());
    });
  });

  it('announces each refreshed token', async () => {
    const tokens: string[] = [];
    auth.tokenRefreshed$.subscribe((token) => tokens.push(token));
    const refreshed = auth.refreshAccessToken();
    backend.expectOne('/api/auth/refresh').flush({ accessToken: 'fresh' });
    await expect(refreshed).resolves.toBe('fresh');
    expect(tokens).toEqual(['fresh']);
  });
});
