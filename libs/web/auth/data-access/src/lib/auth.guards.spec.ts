import { TestBed } from '@angular/core/testing';
import { ActivatedRouteSnapshot, provideRouter, RouterStateSnapshot, UrlTree } from '@angular/router';
import { authGuard, guestGuard, safeReturnUrl } from './auth.guards';
import { AuthStore } from './auth.store';

describe('guards', () => {
  let signedIn: boolean;

  beforeEach(() => {
    signedIn = false;
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: AuthStore, useValue: { restoreSession: () => Promise.resolve(signedIn) } },
      ],
    });
  });

  const run = (guard: typeof authGuard, url: string) =>
    TestBed.runInInjectionContext(() =>
      guard({} as ActivatedRouteSnapshot, { url } as RouterStateSnapshot),
    ) as Promise<boolean | UrlTree>;

  it('lets a signed-in user into the chat', async () => {
    signedIn = true;
    await expect(run(authGuard, '/c/42')).resolves.toBe(true);
  });

  it('sends a signed-out user to sign in, remembering where they were going', async () => {
    const result = await run(authGuard, '/c/42');
    expect(String(result)).toBe('/login?returnUrl=%2Fc%2F42');
    expect(String(await run(authGuard, '/'))).toBe('/login');
  });

  it('keeps signed-in users away from the sign-in screen', async () => {
    await expect(run(guestGuard, '/login')).resolves.toBe(true);
    signedIn = true;
    expect(String(await run(guestGuard, '/login'))).toBe('/');
  });

  it('accepts only return addresses inside the app', () => {
    expect(safeReturnUrl('/c/42')).toBe('/c/42');
    expect(safeReturnUrl('//evil.example')).toBe('/');
    expect(safeReturnUrl('/\\evil.example')).toBe('/');
    expect(safeReturnUrl('https://evil.example')).toBe('/');
    expect(safeReturnUrl('/login?returnUrl=/x')).toBe('/');
    expect(safeReturnUrl(null)).toBe('/');
  });
});
