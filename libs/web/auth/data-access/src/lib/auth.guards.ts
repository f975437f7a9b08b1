import { inject } from '@angular/core';
import { CanActivateFn, Router } from '@angular/router';
import { AuthStore } from './auth.store';

/** Only signed-in users pass; others go to sign in and come back afterwards. */
export const authGuard: CanActivateFn = async (_route, state) => {
  const router = inject(Router);
  if (await inject(AuthStore).restoreSession()) return true;
  const returnUrl = state.url && state.url !== '/' ? { returnUrl: state.url } : undefined;
  return router.createUrlTree(['/login'], { queryParams: returnUrl });
};

/** The sign-in screen is for signed-out users; a restored session goes straight to the chat. */
export const guestGuard: CanActivateFn = async () => {
  const router = inject(Router);
  if (await inject(AuthStore).restoreSession()) return router.createUrlTree(['/']);
  return true;
};

/** A return address from the query string, accepted only when it stays inside the app. */
export function safeReturnUrl(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  if (value.startsWith('/login')) return '/';
  return value;
}
