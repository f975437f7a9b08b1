import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REFRESH_COOKIE } from '@chat/shared/contracts';
import { refreshCookieOf, registerUser, SocketPool, startTestApp, TestApp } from '../support';

const APP_ORIGIN = 'https://app.example.com';

/** Origins that are not the app's nor CORS_ORIGIN, some of them made to look like it. */
const FOREIGN_ORIGINS = [
  'https://evil.example',
  'null',
  'https://app.example.com.evil.example',
  'https://evil-app.example.com',
  'https://evilapp.example.com',
  'http://app.example.com', // the right host over the wrong scheme
  'https://app.example.com:8443', // another port
  'https://APP.example.com.', // trailing dot
  'file://',
];

/** What every response the server writes must carry, whatever produced it. */
function expectSecurityHeaders(what: string, headers: Record<string, string | undefined>) {
  const csp = headers['content-security-policy'] ?? '';
  expect({ what, frameAncestors: csp.includes("frame-ancestors 'none'") }).toEqual({
    what,
    frameAncestors: true,
  });
  expect({ what, defaultSrc: /default-src '(self|none)'/.test(csp) }).toEqual({ what, defaultSrc: true });
  expect({ what, nosniff: headers['x-content-type-options'] }).toEqual({ what, nosniff: 'nosniff' });
  expect({ what, referrer: headers['referrer-policy'] }).toEqual({ what, referrer: 'no-referrer' });
}

/**
 * Issue 5, case 15: security headers on every response (REST, errors, the web app, Socket.IO's own transport),
 * CORS and socket handshakes only for the app itself and CORS_ORIGIN, and a refresh cookie a script cannot read or
 * another site cannot send.
 */
describe('attack: headers, CORS, cookies and cross-site sockets', () => {
  let app: TestApp;
  let pool: SocketPool;
  let webDir: string;

  beforeAll(async () => {
    webDir = mkdtempSync(join(tmpdir(), 'chat-web-'));
    mkdirSync(join(webDir, 'assets'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Chat</title><app-root></app-root>');
    writeFileSync(join(webDir, 'main.js'), 'console.log("app")');
    app = await startTestApp({
      CORS_ORIGIN: APP_ORIGIN,
      WEB_DIR: webDir,
      RATE_LIMIT_REGISTER_PER_MIN: '1000',
    });
    pool = new SocketPool(app.url);
  });

  afterEach(() => pool.closeAll());
  afterAll(async () => {
    await app.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('every kind of response carries CSP with frame-ancestors, nosniff and Referrer-Policy', async () => {
    const alice = await registerUser(app, 'headers');
    const responses = {
      '200 JSON': app.http().get('/api/users/me').set(alice.auth),
      '204': app.http().post('/api/auth/logout'),
      '400': app.http().get('/api/users?search=').set(alice.auth),
      '401': app.http().get('/api/users/me'),
      '404 under /api': app.http().get('/api/nope'),
      '413': app
        .http()
        .post('/api/auth/login')
        .send({ username: 'x', password: 'p'.repeat(20_000) }),
      '415': app.http().post('/api/auth/login').type('form').send('username=x'),
      'malformed JSON': app
        .http()
        .post('/api/auth/login')
        .set('Content-Type', 'application/json')
        .send('{"a":'),
      'the web app': app.http().get('/'),
      'a web app file': app.http().get('/main.js'),
      'a client route': app.http().get('/c/65a000000000000000000000'),
      'the OpenAPI document': app.http().get('/api/docs-json'),
      health: app.http().get('/api/health'),
      'Socket.IO polling handshake': app.http().get('/socket.io/?EIO=4&transport=polling'),
      'Socket.IO bad request': app.http().get('/socket.io/?EIO=4&transport=nope'),
    };
    for (const [what, pending] of Object.entries(responses)) {
      const res = await pending;
      expect({ what, serverError: res.status >= 500 }).toEqual({ what, serverError: false });
      expectSecurityHeaders(what, res.headers);
    }
  });

  it('answers CORS only for CORS_ORIGIN, on every route and on the Socket.IO transport', async () => {
    const paths = [
      '/api/auth/login',
      '/api/auth/refresh',
      '/api/users/me',
      '/api/messages',
      '/api/conversations',
    ];
    for (const path of paths) {
      const allowed = await app
        .http()
        .options(path)
        .set('Origin', APP_ORIGIN)
        .set('Access-Control-Request-Method', 'POST');
      expect(allowed.headers['access-control-allow-origin']).toBe(APP_ORIGIN);
      expect(allowed.headers['access-control-allow-credentials']).toBe('true');
      for (const origin of FOREIGN_ORIGINS) {
        for (const method of ['options', 'get', 'post'] as const) {
          const res = await app
            .http()
            [method](path)
            .set('Origin', origin)
            .set('Access-Control-Request-Method', 'POST');
          const allowOrigin = res.headers['access-control-allow-origin'];
          expect({ path, origin, method, allowOrigin }).toEqual({
            path,
            origin,
            method,
            allowOrigin: undefined,
          });
        }
      }
    }
    for (const origin of FOREIGN_ORIGINS) {
      const res = await app.http().get('/socket.io/?EIO=4&transport=polling').set('Origin', origin);
      expect({ origin, status: res.status, allow: res.headers['access-control-allow-origin'] }).toEqual({
        origin,
        status: 403,
        allow: undefined,
      });
    }
  });

  it('refuses a Socket.IO handshake from any foreign Origin (polling and WebSocket), even with a valid token', async () => {
    const alice = await registerUser(app, 'cswsh');
    for (const origin of FOREIGN_ORIGINS) {
      for (const transports of [['websocket'], ['polling']]) {
        const error = await pool.refusal(alice.accessToken, { extraHeaders: { Origin: origin }, transports });
        expect({ origin, transports, refused: error instanceof Error }).toEqual({
          origin,
          transports,
          refused: true,
        });
      }
    }
    // The app itself, CORS_ORIGIN and clients without Origin are judged by their token.
    for (const headers of [{ Origin: app.url }, { Origin: APP_ORIGIN }, {}] as Record<string, string>[]) {
      for (const transports of [['websocket'], ['polling']]) {
        expect((await pool.connect(alice.accessToken, { extraHeaders: headers, transports })).connected).toBe(
          true,
        );
      }
    }
  });

  it('the refresh cookie is httpOnly, SameSite=Strict and scoped to /api/auth whenever it is set or cleared', async () => {
    const name = `cookie_${Date.now().toString(36)}`;
    const register = await app
      .http()
      .post('/api/auth/register')
      .send({ username: name, password: 'correct horse' });
    const login = await app
      .http()
      .post('/api/auth/login')
      .send({ username: name, password: 'correct horse' });
    const refresh = await app
      .http()
      .post('/api/auth/refresh')
      .set('Cookie', refreshCookieOf(login.headers['set-cookie']) as string);
    const logout = await app
      .http()
      .post('/api/auth/logout')
      .set('Cookie', refreshCookieOf(refresh.headers['set-cookie']) as string);
    const refused = await app.http().post('/api/auth/refresh').set('Cookie', `${REFRESH_COOKIE.name}=nope`);
    for (const [what, res] of Object.entries({ register, login, refresh, logout, refused })) {
      const cookie = ([] as string[])
        .concat(res.headers['set-cookie'] ?? [])
        .find((c) => c.startsWith(`${REFRESH_COOKIE.name}=`));
      expect({ what, cookie }).toEqual({ what, cookie: expect.any(String) });
      const attributes = (cookie as string)
        .split(';')
        .slice(1)
        .map((a) => a.trim().toLowerCase());
      expect({ what, attributes }).toEqual({
        what,
        attributes: expect.arrayContaining(['httponly', 'samesite=strict', 'path=/api/auth']),
      });
      expect({ what, domain: attributes.some((a) => a.startsWith('domain=')) }).toEqual({
        what,
        domain: false,
      });
    }
    // Only the cookie carries the refresh token: never a response body.
    for (const res of [register, login, refresh]) {
      expect(JSON.stringify(res.body)).not.toContain(
        refreshCookieOf(res.headers['set-cookie'])?.split('=')[1],
      );
    }
  });
});
