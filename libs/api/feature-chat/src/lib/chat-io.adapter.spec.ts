import { createServer, IncomingMessage } from 'node:http';
import type { ServerOptions } from 'socket.io';
import { EventEmitter } from 'node:events';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { from, isObservable, Observable, of } from 'rxjs';
import request from 'supertest';
import { ChatIoAdapter, chatServerOptions, secureTransportResponses } from './chat-io.adapter';

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

describe('ChatIoAdapter.bindMessageHandlers', () => {
  // Nest's own transform: a handler's result (value, promise or observable) as an observable.
  const transform = (result: unknown): Observable<unknown> =>
    isObservable(result) ? result : from(Promise.resolve(result));
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  function bind(
    handlers: { message: string; callback: (data: unknown, ack?: unknown) => unknown; manual?: boolean }[],
  ) {
    const socket = Object.assign(new EventEmitter(), { emitted: [] as unknown[][] });
    const emit = socket.emit.bind(socket);
    socket.emit = (event: string, ...args: unknown[]) => {
      socket.emitted.push([event, ...args]);
      return emit(event, ...args);
    };
    new ChatIoAdapter({} as never, []).bindMessageHandlers(
      socket as never,
      handlers.map(
        (h): MessageMappingProperties => ({
          message: h.message,
          callback: h.callback as MessageMappingProperties['callback'],
          methodName: h.message,
          isAckHandledManually: !!h.manual,
        }),
      ),
      transform,
    );
    return socket;
  }

  it('acks with what the handler resolves to, whatever its form', async () => {
    const socket = bind([
      { message: 'promise', callback: async (data) => ({ ok: true, got: data }) },
      { message: 'observable', callback: () => of({ ok: true }) },
      { message: 'nothing', callback: async () => undefined },
    ]);
    const acks = [jest.fn(), jest.fn(), jest.fn()];
    socket.emit('promise', { a: 1 }, acks[0]);
    socket.emit('observable', {}, acks[1]);
    socket.emit('nothing', {}, acks[2]);
    await tick();
    expect(acks[0]).toHaveBeenCalledWith({ ok: true, got: { a: 1 } });
    expect(acks[1]).toHaveBeenCalledWith({ ok: true });
    expect(acks[2]).not.toHaveBeenCalled();
  });

  it('passes the ack to a handler that acks itself, and never acks twice', async () => {
    const callback = jest.fn((_data: unknown, ack?: unknown) => {
      (ack as (r: unknown) => void)({ ok: true });
      return Promise.resolve({ ignored: true });
    });
    const socket = bind([{ message: 'send_message', callback, manual: true }]);
    const ack = jest.fn();
    socket.emit('send_message', { text: 'hi' }, ack);
    await tick();
    expect(callback).toHaveBeenCalledWith({ text: 'hi' }, ack);
    expect(ack).toHaveBeenCalledTimes(1);
  });

  it('emits a result that names an event, and hands over payloads without an ack as they are', async () => {
    const callback = jest.fn(async (data: unknown) => ({ event: 'exception', data }));
    const socket = bind([{ message: 'typing', callback }]);
    socket.emit('typing', { receiver: 'x', isTyping: true });
    await tick();
    expect(callback).toHaveBeenCalledWith({ receiver: 'x', isTyping: true }, undefined);
    expect(socket.emitted).toContainEqual(['exception', { receiver: 'x', isTyping: true }]);
  });
});
