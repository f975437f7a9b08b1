import type { AuthResponse, User } from '@chat/shared/contracts';
import { REFRESH_COOKIE } from '@chat/shared/contracts';
import { someCredentials } from '@chat/shared/util-testing';
import type { TestApp } from './test-app';

/** A registered user with the credentials to act as them. */
export interface TestUser {
  user: User;
  username: string;
  password: string;
  accessToken: string;
  /** `refresh_token=...`, ready for a `Cookie` header. */
  refreshCookie: string;
  auth: { Authorization: string };
}

/** The `name=value` part of the refresh cookie in a response's `Set-Cookie`, if any. */
export function refreshCookieOf(setCookie: string[] | string | undefined): string | undefined {
  const cookies = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const cookie = cookies.find((c) => c.startsWith(`${REFRESH_COOKIE.name}=`));
  const pair = cookie?.split(';')[0];
  return pair && pair !== `${REFRESH_COOKIE.name}=` ? pair : undefined;
}

/** Registers a new user with a unique name starting with `prefix`; `headers` go with the request. */
export async function registerUser(
  app: TestApp,
  prefix = 'user',
  headers: Record<string, string> = {},
): Promise<TestUser> {
  const credentials = someCredentials({
    username: someCredentials().username.replace('user', prefix).slice(0, 32),
  });
  const res = await app.http().post('/api/auth/register').set(headers).send(credentials).expect(201);
  const body = res.body as AuthResponse;
  const refreshCookie = refreshCookieOf(res.headers['set-cookie']);
  if (!refreshCookie) throw new Error('register set no refresh cookie');
  return {
    user: body.user,
    username: credentials.username,
    password: credentials.password,
    accessToken: body.accessToken,
    refreshCookie,
    auth: { Authorization: `Bearer ${body.accessToken}` },
  };
}
