import type { CookieOptions, Request, Response } from 'express';
import { REFRESH_COOKIE } from '@chat/shared/contracts';

/** The refresh cookie's attributes: httpOnly, SameSite=Strict, Path=/api/auth, Secure over https. */
export function refreshCookieOptions(req: Request): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', path: REFRESH_COOKIE.path, secure: req.secure };
}

export function setRefreshCookie(req: Request, res: Response, token: string, expiresAt: Date): void {
  res.cookie(REFRESH_COOKIE.name, token, { ...refreshCookieOptions(req), expires: expiresAt });
}

export function clearRefreshCookie(req: Request, res: Response): void {
  res.clearCookie(REFRESH_COOKIE.name, refreshCookieOptions(req));
}

/** The refresh token the request carries, if any. */
export function readRefreshCookie(req: Request): string | undefined {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[REFRESH_COOKIE.name];
  return typeof value === 'string' ? value : undefined;
}
