import type { ApiError } from '@chat/shared/contracts';
import { REFRESH_COOKIE } from '@chat/shared/contracts';
import { disconnection, refreshCookieOf, registerUser, SocketPool, startTestApp, TestApp } from './support';

describe('auth (REST)', () => {
  let app: TestApp;
  let pool: SocketPool;

  beforeAll(async () => {
    app = await startTestApp();
    pool = new SocketPool(app.url);
  });

  afterAll(async () => {
    pool.closeAll();
    await app.close();
  });

  const expectError = (body: ApiError, statusCode: number) => {
    expect(body).toEqual({ statusCode, error: expect.any(String), message: expect.anything() });
  };

  describe('POST /api/auth/register', () => {
    it('creates the account: 201 { user, accessToken }, a refresh cookie, never a hash', async () => {
      const res = await app
        .http()
        .post('/api/auth/register')
        .send({ username: 'Register_Me', password: 'correct horse' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        user: {
          id: expect.stringMatching(/^[0-9a-f]{24}$/),
          username: 'register_me',
          createdAt: expect.any(String),
        },
        accessToken: expect.any(String),
      });
      expect(JSON.stringify(res.body)).not.toMatch(/\$2[aby]\$|password|hash/i);
      const cookie = ([] as string[])
        .concat(res.headers['set-cookie'])
        .find((c) => c.startsWith(REFRESH_COOKIE.name));
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Strict/i);
      expect(cookie).toMatch(/Path=\/api\/auth/i);
      expect(cookie).not.toMatch(/Secure/i);
    });

    it('marks the cookie Secure over https (behind a trusted proxy)', async () => {
      const proxied = await startTestApp({ TRUST_PROXY: 'loopback' });
      try {
        const res = await proxied
          .http()
          .post('/api/auth/register')
          .set('X-Forwarded-Proto', 'https')
          .send({ username: 'secure_one', password: 'correct horse' })
          .expect(201);
        expect(([] as string[]).concat(res.headers['set-cookie']).join()).toMatch(/Secure/);
      } finally {
        await proxied.close();
      }
    });

    it.each([
      ['no body', undefined],
      ['a missing password', { username: 'nopass' }],
      ['a short username', { username: 'ab', password: 'correct horse' }],
      ['a username with spaces', { username: 'a b c', password: 'correct horse' }],
      ['a zero-width character', { username: 'ali\u200bce2', password: 'correct horse' }],
      ['a short password', { username: 'shortpw', password: 'short' }],
      ['a password over 72 bytes', { username: 'longpw', password: '😀'.repeat(19) }],
      ['an operator object', { username: { $gt: '' }, password: 'correct horse' }],
      ['an unknown property', { username: 'extra_prop', password: 'correct horse', admin: true }],
      ['an array', [{ username: 'array_body', password: 'correct horse' }]],
    ])('refuses %s with 400', async (_case, body) => {
      const res = await app
        .http()
        .post('/api/auth/register')
        .send(body as object);
      expect(res.status).toBe(400);
      expectError(res.body, 400);
    });

    it('refuses a body that is not JSON', async () => {
      const res = await app
        .http()
        .post('/api/auth/register')
        .type('form')
        .send('username=formuser&password=correct+horse');
      expect(res.status).toBe(415);
      expectError(res.body, 415);
    });

    it('answers 409 for a taken name in any case or width', async () => {
      await app
        .http()
        .post('/api/auth/register')
        .send({ username: 'Taken', password: 'correct horse' })
        .expect(201);
      for (const username of ['taken', 'TAKEN', 'ｔａｋｅｎ']) {
        const res = await app.http().post('/api/auth/register').send({ username, password: 'correct horse' });
        expect(res.status).toBe(409);
        expectError(res.body, 409);
      }
    });
  });

  describe('POST /api/auth/login', () => {
    it('signs in by any case of the name: 200 { user, accessToken } and a cookie', async () => {
      const alice = await registerUser(app, 'login');
      const res = await app
        .http()
        .post('/api/auth/login')
        .send({ username: alice.username.toUpperCase(), password: alice.password })
        .expect(200);
      expect(res.body).toEqual({ user: alice.user, accessToken: expect.any(String) });
      expect(refreshCookieOf(res.headers['set-cookie'])).toBeDefined();
    });

    it('gives one 401 body for an unknown user and a wrong password', async () => {
      const alice = await registerUser(app, 'wrongpw');
      const unknown = await app
        .http()
        .post('/api/auth/login')
        .send({ username: 'nobody_here', password: 'whatever1' });
      const wrong = await app
        .http()
        .post('/api/auth/login')
        .send({ username: alice.username, password: 'whatever1' });
      expect(unknown.status).toBe(401);
      expect(wrong.status).toBe(401);
      expect(unknown.body).toEqual(wrong.body);
      expectError(unknown.body, 401);
      expect(unknown.headers['set-cookie']).toBeUndefined();
    });

    it.each([
      ['a missing password', { username: 'someone' }],
      ['an operator object', { username: 'someone', password: { $ne: null } }],
      ['a password over 72 bytes', { username: 'someone', password: 'a'.repeat(73) }],
    ])('refuses %s with 400', async (_case, body) => {
      expect((await app.http().post('/api/auth/login').send(body)).status).toBe(400);
    });
  });

  describe('refresh tokens', () => {
    it('rotate on every use; reuse of a used one revokes the whole family', async () => {
      const alice = await registerUser(app, 'rotate');
      const first = await app.http().post('/api/auth/refresh').set('Cookie', alice.refreshCookie).expect(200);
      expect(first.body).toEqual({ accessToken: expect.any(String) });
      const second = refreshCookieOf(first.headers['set-cookie']);
      expect(second).toBeDefined();
      expect(second).not.toBe(alice.refreshCookie);
      await app
        .http()
        .get('/api/users/me')
        .set('Authorization', `Bearer ${first.body.accessToken}`)
        .expect(200);

      // The first token comes back: theft assumed, the family dies, including the newest token.
      const reuse = await app.http().post('/api/auth/refresh').set('Cookie', alice.refreshCookie);
      expect(reuse.status).toBe(401);
      expectError(reuse.body, 401);
      await app
        .http()
        .post('/api/auth/refresh')
        .set('Cookie', second as string)
        .expect(401);
    });

    it('leave other sessions of the user alone when one family is revoked', async () => {
      const alice = await registerUser(app, 'families');
      const login = await app
        .http()
        .post('/api/auth/login')
        .send({ username: alice.username, password: alice.password });
      const otherSession = refreshCookieOf(login.headers['set-cookie']) as string;
      await app.http().post('/api/auth/refresh').set('Cookie', alice.refreshCookie).expect(200);
      await app.http().post('/api/auth/refresh').set('Cookie', alice.refreshCookie).expect(401);
      await app.http().post('/api/auth/refresh').set('Cookie', otherSession).expect(200);
    });

    it('refuse a missing or garbled cookie and clear it', async () => {
      await app.http().post('/api/auth/refresh').expect(401);
      const res = await app
        .http()
        .post('/api/auth/refresh')
        .set('Cookie', `${REFRESH_COOKIE.name}=garbage`)
        .expect(401);
      expect(([] as string[]).concat(res.headers['set-cookie']).join()).toMatch(
        new RegExp(`${REFRESH_COOKIE.name}=;`),
      );
    });
  });

  describe('logout', () => {
    it('204, clears the cookie and revokes the token', async () => {
      const alice = await registerUser(app, 'logout');
      const res = await app.http().post('/api/auth/logout').set('Cookie', alice.refreshCookie).expect(204);
      expect(([] as string[]).concat(res.headers['set-cookie']).join()).toMatch(/Expires=Thu, 01 Jan 1970/);
      await app.http().post('/api/auth/refresh').set('Cookie', alice.refreshCookie).expect(401);
    });

    it('204 without a cookie too', async () => {
      await app.http().post('/api/auth/logout').expect(204);
    });
  });

  describe('logout-all', () => {
    it('revokes every token of the user and disconnects their sockets', async () => {
      const alice = await registerUser(app, 'logoutall');
      const bob = await registerUser(app, 'bystander');
      const login = await app
        .http()
        .post('/api/auth/login')
        .send({ username: alice.username, password: alice.password });
      const secondRefresh = refreshCookieOf(login.headers['set-cookie']) as string;
      const tabs = await Promise.all([pool.connect(alice.accessToken), pool.connect(login.body.accessToken)]);
      const bobSocket = await pool.connect(bob.accessToken);
      const closed = tabs.map((socket) => disconnection(socket));

      await app.http().post('/api/auth/logout-all').set(alice.auth).expect(204);

      expect(await Promise.all(closed)).toEqual(['io server disconnect', 'io server disconnect']);
      expect(bobSocket.connected).toBe(true);
      await app.http().get('/api/users/me').set(alice.auth).expect(401);
      await app
        .http()
        .get('/api/users/me')
        .set('Authorization', `Bearer ${login.body.accessToken}`)
        .expect(401);
      await app.http().post('/api/auth/refresh').set('Cookie', alice.refreshCookie).expect(401);
      await app.http().post('/api/auth/refresh').set('Cookie', secondRefresh).expect(401);
      expect((await pool.refusal(alice.accessToken)).message).toBe('unauthorized');
      await app.http().get('/api/users/me').set(bob.auth).expect(200);

      // Signing in again works.
      const again = await app
        .http()
        .post('/api/auth/login')
        .send({ username: alice.username, password: alice.password });
      await app
        .http()
        .get('/api/users/me')
        .set('Authorization', `Bearer ${again.body.accessToken}`)
        .expect(200);
    });

    it('needs a bearer token', async () => {
      await app.http().post('/api/auth/logout-all').expect(401);
    });
  });

  // Every kind of bad token, on REST and sockets: attacks/tokens.e2e-spec.ts.
  describe('access tokens on REST', () => {
    it('are required', async () => {
      const res = await app.http().get('/api/users/me');
      expect(res.status).toBe(401);
      expectError(res.body, 401);
    });
  });
});
