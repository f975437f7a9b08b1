import type { IncomingMessage, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import pino from 'pino';
import { loggerParams, REDACTED_PATHS, requestId } from './logger-params';

describe('logging', () => {
  it('redacts credentials, cookies and tokens', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
    logger.info({
      req: { headers: { authorization: 'Bearer eyJsecret', cookie: 'refresh_token=abc' } },
      res: { headers: { 'set-cookie': 'refresh_token=def' } },
      body: { password: 'hunter22', accessToken: 'eyJtoken', refreshToken: 'ghi', passwordHash: '$2b$12$x' },
    });
    const line = lines.join('');
    for (const secret of ['eyJsecret', 'abc', 'def', 'hunter22', 'eyJtoken', 'ghi', '$2b$12$x']) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('[redacted]');
  });

  it('keeps a well-formed incoming request id and makes one otherwise', () => {
    const res = { setHeader: jest.fn() } as unknown as ServerResponse & { setHeader: jest.Mock };
    expect(requestId({ headers: { 'x-request-id': 'abc-123' } } as unknown as IncomingMessage, res)).toBe(
      'abc-123',
    );
    expect(res.setHeader).toHaveBeenCalledWith('X-Request-Id', 'abc-123');
    const made = requestId({ headers: { 'x-request-id': 'bad id\n' } } as unknown as IncomingMessage, res);
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('uses the configured level', () => {
    const params = loggerParams('warn');
    expect((params.pinoHttp as { level: string }).level).toBe('warn');
  });
});
