import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { ApiError } from '@chat/shared/contracts';
import { aUser } from '@chat/shared/util-testing';
import { firstValueFrom } from 'rxjs';
import { apiErrorInterceptor, authInterceptor } from './auth.interceptor';
import { AuthStore } from './auth.store';

describe('authInterceptor', () => {
  let http: HttpClient;
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
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthStore);
  });

  afterEach(() => backend.verify());

  async function signInWith(token: string) {
    const signedIn = auth.signIn({ username: 'alice', password: 'correct horse' });
    backend.expectOne('/api/auth/login').flush({ user: aUser({ username: 'alice' }), accessToken: token });
    await signedIn;
  }

  const unauthorized = { status: 401, statusText: 'Unauthorized' };
  const unauthorizedBody = { statusCode: 401, error: 'Unauthorized', message: 'Unauthorized' };

  it('adds the bearer to API calls only', async () => {
    await signInWith('token-1');
    http.get('/api/conversations').subscribe();
    http.get('https://elsewhere.example/data').subscribe();
    expect(backend.expectOne('/api/conversations').request.headers.get('Authorization')).toBe(
      'Bearer token-1',
    );
    expect(backend.expectOne('https://elsewhere.example/data').request.headers.has('Authorization')).toBe(
      false,
    );
  });

  it('refreshes once for concurrent 401s and retries each request with the new token', async () => {
    await signInWith('old');
    const first = firstValueFrom(http.get<string[]>('/api/conversations'));
    const second = firstValueFrom(http.get<string[]>('/api/blocks'));

    backend.expectOne('/api/conversations').flush(unauthorizedBody, unauthorized);
    backend.expectOne('/api/blocks').flush(unauthorizedBody, unauthorized);
    await Promise.resolve();

    const refreshes = backend.match('/api/auth/refresh');
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0].request.withCredentials).toBe(true);
    refreshes[0].flush({ accessToken: 'new' });
    await new Promise((resolve) => setTimeout(resolve));

    const retriedConversations = backend.expectOne('/api/conversations');
    const retriedBlocks = backend.expectOne('/api/blocks');
    expect(retriedConversations.request.headers.get('Authorization')).toBe('Bearer new');
    expect(retriedBlocks.request.headers.get('Authorization')).toBe('Bearer new');
    retriedConversations.flush(['c']);
    retriedBlocks.flush(['b']);
    await expect(first).resolves.toEqual(['c']);
    await expect(second).resolves.toEqual(['b']);
    expect(auth.accessToken()).toBe('new');
  });

  it('retries with a token renewed meanwhile instead of refreshing again', async () => {
    await signInWith('old');
    const call = firstValueFrom(http.get('/api/users/me'));
    const pending = backend.expectOne('/api/users/me');

    const renewal = auth.refreshAccessToken();
    backend.expectOne('/api/auth/refresh').flush({ accessToken: 'renewed' });
    await renewal;

    pending.flush(unauthorizedBody, unauthorized);
    await new Promise((resolve) => setTimeout(resolve));
    backend.expectNone('/api/auth/refresh');
    const retried = backend.expectOne('/api/users/me');
    expect(retried.request.headers.get('Authorization')).toBe('Bearer renewed');
    retried.flush({ ok: true });
    await expect(call).resolves.toEqual({ ok: true });
  });

  it('signs out to /login when the refresh fails, passing the error on as ApiError', async () => {
    await signInWith('old');
    const router = TestBed.inject(Router);
    const navigate = jest.spyOn(router, 'navigate').mockResolvedValue(true);
    const call = firstValueFrom(http.get('/api/conversations'));

    backend.expectOne('/api/conversations').flush(unauthorizedBody, unauthorized);
    await Promise.resolve();
    backend
      .expectOne('/api/auth/refresh')
      .flush({ statusCode: 401, error: 'Unauthorized', message: 'refresh token revoked' }, unauthorized);

    await expect(call).rejects.toEqual(unauthorizedBody satisfies ApiError);
    expect(auth.isAuthenticated()).toBe(false);
    expect(auth.accessToken()).toBeNull();
    expect(navigate).toHaveBeenCalledWith(['/login'], expect.anything());
  });

  it('keeps the session when the refresh cannot reach the server', async () => {
    await signInWith('old');
    const call = firstValueFrom(http.get('/api/conversations'));
    backend.expectOne('/api/conversations').flush(unauthorizedBody, unauthorized);
    await Promise.resolve();
    backend
      .expectOne('/api/auth/refresh')
      .error(new ProgressEvent('error'), { status: 0, statusText: 'Unknown Error' });
    await expect(call).rejects.toMatchObject({ statusCode: 401 });
    expect(auth.isAuthenticated()).toBe(true);
    expect(auth.accessToken()).toBe('old');
  });

  it('does not retry a retried request twice', async () => {
    await signInWith('old');
    const call = firstValueFrom(http.get('/api/conversations'));
    backend.expectOne('/api/conversations').flush(unauthorizedBody, unauthorized);
    await Promise.resolve();
    backend.expectOne('/api/auth/refresh').flush({ accessToken: 'new' });
    await new Promise((resolve) => setTimeout(resolve));
    backend.expectOne('/api/conversations').flush(unauthorizedBody, unauthorized);
    await expect(call).rejects.toMatchObject({ statusCode: 401 });
    backend.expectNone('/api/auth/refresh');
  });

  it('never refreshes for a failed sign-in', async () => {
    const signedIn = auth.signIn({ username: 'alice', password: 'wrong password' });
    backend
      .expectOne('/api/auth/login')
      .flush(
        { statusCode: 401, error: 'Unauthorized', message: 'Invalid username or password' },
        unauthorized,
      );
    await expect(signedIn).resolves.toBe(false);
    backend.expectNone('/api/auth/refresh');
    expect(auth.error()).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Invalid username or password',
    });
  });

  it('reports network failures as ApiError with status 0', async () => {
    const call = firstValueFrom(http.get('/api/health'));
    backend
      .expectOne('/api/health')
      .error(new ProgressEvent('error'), { status: 0, statusText: 'Unknown Error' });
    await expect(call).rejects.toMatchObject({ statusCode: 0, error: 'Network Error' });
  });
});
