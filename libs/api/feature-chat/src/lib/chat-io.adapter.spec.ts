import { createServer, IncomingMessage } from 'node:http';
import type { ServerOptions } from 'socket.io';
import request from 'supertest';
import { chatServerOptions, secureTransportResponses } from './chat-io.adapter';

describe('chatServerOptions', () => {
  function allowed(opts: Partial<ServerOptions>, headers: Record<string, string>): Promise<boolean> {
    return new Promise((resolve) =>
      opts.allowRequest?.({ headers } as IncomingMessage, (_err, ok) => resolve(ok)),
    );
  }

  it('applies the contract limits', () => {
    const opts = chatServerOptions([]);
    expect(opts.maxHttpBufferSize).toBe(16 * 1024);
    expect(opts.perMessageDeflate).toBe(false);
  });

  it('accepts the app itself, configured origins and clients without Origin; refuses other sites', async () => {
    const opts = chatServerOptions(['https://app.example.com']);
    expect(await allowed(opts, { host: 'localhost:3000', origin: 'http://localhost:3000' })).toBe(true);
    expect(await allowed(opts, { host: 'localhost:3000', origin: 'https://app.example.com' })).toBe(true);
    expect(await allowed(opts, { host: 'localhost:3000' })).toBe(true);
    expect(await allowed(opts, { host: 'localhost:3000', origin: 'https://evil.example' })).toBe(false);
  });

  it('enables CORS only for configured origins', () => {
    expect(chatServerOptions([]).cors).toBeUndefined();
    expect(chatServerOptions(['https://app.example.com']).cors).toEqual({
      origin: ['https://app.example.com'],
      credentials: true,
    });
  });
});

describe('secureTransportResponses', () => {
  it('adds the transport security headers to every response under the Socket.IO path, whoever writes it', async () => {
    // Like Socket.IO's own refusals: headers written in one go, bypassing any middleware.
    const server = createServer((req, res) =>
      req.url?.startsWith('/socket.io/')
        ? res.writeHead(400, { 'Content-Type': 'application/json' }).end('{}')
        : res.end('app'),
    );
    secureTransportResponses(server, '/socket.io');
    const served = await request(server).get('/socket.io/?EIO=4&transport=nope');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(served.headers['referrer-policy']).toBe('no-referrer');
    const other = await request(server).get('/somewhere');
    expect(other.headers['content-security-policy']).toBeUndefined();
  });
});
