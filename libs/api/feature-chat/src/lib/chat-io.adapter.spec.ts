import type { IncomingMessage } from 'node:http';
import type { ServerOptions } from 'socket.io';
import { chatServerOptions } from './chat-io.adapter';

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
