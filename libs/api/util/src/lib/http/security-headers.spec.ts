import { createHash } from 'node:crypto';
import express from 'express';
import request from 'supertest';
import { ANGULAR_STYLESHEET_ONLOAD_HASH, securityHeaders } from './security-headers';

describe('securityHeaders', () => {
  const app = express();
  app.use(securityHeaders());
  app.get('/', (_req, res) => {
    res.send('ok');
  });

  it('sets a CSP without unsafe-inline scripts or eval, and no framing', async () => {
    const res = await request(app).get('/').set('Host', 'chat.example.com');
    const csp: string = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("connect-src 'self' ws://chat.example.com wss://chat.example.com");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it("allows only Angular's stylesheet onload handler, by hash", async () => {
    const expected = createHash('sha256').update("this.media='all'").digest('base64');
    expect(ANGULAR_STYLESHEET_ONLOAD_HASH).toBe(`'sha256-${expected}'`);
    const csp: string = (await request(app).get('/')).headers['content-security-policy'];
    expect(csp).toContain(`script-src-attr 'unsafe-hashes' ${ANGULAR_STYLESHEET_ONLOAD_HASH}`);
  });

  it('never copies a malformed Host into the policy', async () => {
    const csp: string = (await request(app).get('/').set('Host', 'evil.example; script-src *')).headers[
      'content-security-policy'
    ];
    expect(csp).not.toContain('evil.example');
    expect(csp).toContain("connect-src 'self';");
  });
});
