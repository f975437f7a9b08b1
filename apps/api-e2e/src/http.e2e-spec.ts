import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLogService } from '@chat/api/feature-audit-log';
import { startTestApp, TestApp } from './support';

describe('HTTP surface', () => {
  describe('without a web build', () => {
    let app: TestApp;

    beforeAll(async () => {
      app = await startTestApp({ CORS_ORIGIN: 'https://app.example.com' });
    });

    afterAll(() => app.close());

    it('GET /api/health: 200 { status: ok, db: up }', async () => {
      const res = await app.http().get('/api/health').expect(200);
      expect(res.body).toEqual({ status: 'ok', db: 'up' });
    });

    it('sends security headers an Angular build runs under', async () => {
      const res = await app.http().get('/api/health');
      const csp = res.headers['content-security-policy'];
      for (const directive of [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'self'",
      ]) {
        expect(csp).toContain(directive);
      }
      expect(csp).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\d+ wss:\/\/127\.0\.0\.1:\d+/);
      expect(csp).not.toContain('unsafe-eval');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-powered-by']).toBeUndefined();
    });

    it('allows CORS only for CORS_ORIGIN, with credentials', async () => {
      const allowed = await app
        .http()
        .options('/api/auth/login')
        .set('Origin', 'https://app.example.com')
        .set('Access-Control-Request-Method', 'POST');
      expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
      expect(allowed.headers['access-control-allow-credentials']).toBe('true');
      const other = await app
        .http()
        .options('/api/auth/login')
        .set('Origin', 'https://evil.example')
        .set('Access-Control-Request-Method', 'POST');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('answers unknown API routes with a 404 in the error shape', async () => {
      const res = await app.http().get('/api/nope').expect(404);
      expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: expect.any(String) });
    });

    it('echoes a request id, or makes one', async () => {
      const given = await app.http().get('/api/health').set('X-Request-Id', 'trace-123');
      expect(given.headers['x-request-id']).toBe('trace-123');
      const made = await app.http().get('/api/health');
      expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('says on / that the web app is not built yet', async () => {
      const res = await app.http().get('/').expect(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('not built yet');
    });

    it('publishes OpenAPI docs generated from the controllers', async () => {
      const res = await app.http().get('/api/docs-json').expect(200);
      const paths = Object.keys(res.body.paths);
      for (const path of [
        '/api/auth/register',
        '/api/auth/login',
        '/api/auth/refresh',
        '/api/auth/logout',
        '/api/auth/logout-all',
        '/api/users/me',
        '/api/users',
        '/api/blocks',
        '/api/blocks/{userId}',
        '/api/conversations',
        '/api/messages',
        '/api/health',
      ]) {
        expect(paths).toContain(path);
      }
      expect(res.body.components.schemas.RegisterDto.properties).toHaveProperty('username');
      await app.http().get('/api/docs').expect(200);
    });

    it('leaves the audit log off unless configured', () => {
      expect(() => app.app.get(AuditLogService, { strict: false })).toThrow();
    });
  });

  describe('with a web build', () => {
    let app: TestApp;
    let webDir: string;

    beforeAll(async () => {
      webDir = mkdtempSync(join(tmpdir(), 'chat-web-'));
      mkdirSync(join(webDir, 'assets'));
      writeFileSync(
        join(webDir, 'index.html'),
        '<!doctype html><title>Chat SPA</title><app-root></app-root>',
      );
      writeFileSync(join(webDir, 'main.js'), 'console.log("app")');
      app = await startTestApp({ WEB_DIR: webDir });
    });

    afterAll(async () => {
      await app.close();
      rmSync(webDir, { recursive: true, force: true });
    });

    it('serves the app and its files', async () => {
      expect((await app.http().get('/').expect(200)).text).toContain('Chat SPA');
      const js = await app.http().get('/main.js').expect(200);
      expect(js.headers['content-type']).toMatch(/javascript/);
    });

    it('falls back to index.html for client routes', async () => {
      const res = await app.http().get('/chat/some-user').expect(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toContain('Chat SPA');
    });

    it('never shadows /api or /socket.io', async () => {
      const api = await app.http().get('/api/unknown-route').expect(404);
      expect(api.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
      await app.http().get('/api').expect(404);
      const sio = await app.http().get('/socket.io/?EIO=4&transport=polling');
      expect(sio.text).not.toContain('Chat SPA');
    });
  });

  describe('when the database is down', () => {
    let app: TestApp;

    beforeAll(async () => {
      app = await startTestApp();
    });

    afterAll(() => app.close());

    it('GET /api/health: 503 { status: error, db: down }', async () => {
      await app.stopDatabase();
      const res = await app.http().get('/api/health');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({
        status: 'error',
        db: 'down',
        statusCode: 503,
        error: 'Service Unavailable',
      });
    });
  });
});
