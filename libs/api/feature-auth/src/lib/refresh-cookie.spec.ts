import type { Request, Response } from 'express';
import { REFRESH_COOKIE } from '@chat/shared/contracts';
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from './refresh-cookie';

describe('refresh cookie', () => {
  const res = { cookie: jest.fn(), clearCookie: jest.fn() } as unknown as Response & {
    cookie: jest.Mock;
    clearCookie: jest.Mock;
  };

  it('is httpOnly, SameSite=Strict, scoped to /api/auth, and Secure only over https', () => {
    const expires = new Date(Date.now() + 1000);
    setRefreshCookie({ secure: false } as Request, res, 'tok', expires);
    expect(res.cookie).toHaveBeenLastCalledWith(REFRESH_COOKIE.name, 'tok', {
      httpOnly: true,
      sameSite: 'strict',
      path: '/api/auth',
      secure: false,
      expires,
    });
    setRefreshCookie({ secure: true } as Request, res, 'tok', expires);
    expect(res.cookie.mock.lastCall[2].secure).toBe(true);
  });

  it('is cleared with the same attributes', () => {
    clearRefreshCookie({ secure: true } as Request, res);
    expect(res.clearCookie).toHaveBeenCalledWith(REFRESH_COOKIE.name, {
      httpOnly: true,
      sameSite: 'strict',
      path: '/api/auth',
      secure: true,
    });
  });

  it('is read only when it is a string', () => {
    expect(readRefreshCookie({ cookies: { [REFRESH_COOKIE.name]: 'abc' } } as unknown as Request)).toBe(
      'abc',
    );
    expect(
      readRefreshCookie({ cookies: { [REFRESH_COOKIE.name]: { a: 1 } } } as unknown as Request),
    ).toBeUndefined();
    expect(readRefreshCookie({} as Request)).toBeUndefined();
  });
});
