import type { INestApplicationContext } from '@nestjs/common';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import type { Observable } from 'rxjs';
import type { Server, ServerOptions } from 'socket.io';
import { LIMITS } from '@chat/shared/contracts';
import { isAllowedOrigin, TRANSPORT_SECURITY_HEADERS } from '@chat/api/util';
import type { IoAdapterConstructor } from './redis-streams.adapter';

/**
 * The contract's Socket.IO settings: packets of at most 16 KiB, no per-message compression, CORS only for
 * `CORS_ORIGIN`, and handshakes (polling and WebSocket alike) refused when their `Origin` is neither the app itself
 * nor a configured origin. Clients that send no `Origin` are judged by their token alone.
 */
export function chatServerOptions(corsOrigins: readonly string[]): Partial<ServerOptions> {
  return {
    maxHttpBufferSize: LIMITS.maxPayloadBytes,
    perMessageDeflate: false,
    httpCompression: false,
    serveClient: false,
    cors: corsOrigins.length ? { origin: [...corsOrigins], credentials: true } : undefined,
    allowRequest: (req, callback) => {
      callback(null, isAllowedOrigin(req.headers.origin, req.headers.host, corsOrigins));
    },
  };
}

/**
 * Has every HTTP response of the Socket.IO transport under `path` (handshakes, polls, refusals) carry
 * `TRANSPORT_SECURITY_HEADERS`: Socket.IO answers those requests itself, before Express and its security headers.
 */
export function secureTransportResponses(httpServer: HttpServer, path: string): void {
  const prefix = `${path.replace(/\/$/, '')}/`;
  httpServer.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!req.url?.startsWith(prefix)) return;
    for (const [name, value] of Object.entries(TRANSPORT_SECURITY_HEADERS)) res.setHeader(name, value);
  });
}

/**
 * Nest's Socket.IO adapter with `chatServerOptions` (and the Redis adapter when several instances share Redis),
 * secured transport responses, and handlers bound to each socket as plain listeners: Nest's
 * own binding builds an rxjs pipeline per handler per socket (several kilobytes for every idle socket); this one
 * keeps one closure per handler and treats each event exactly as Nest does (its result, a value, a promise or an
 * observable, becomes the ack unless the handler acks itself, or an emit when it names an event).
 */
export class ChatIoAdapter extends IoAdapter {
  private secured = false;

  constructor(
    app: INestApplicationContext,
    private readonly corsOrigins: readonly string[],
    /** Fan-out between instances (`CHAT_IO_ADAPTER`); omitted: Socket.IO's in-memory adapter, one instance. */
    private readonly adapter?: IoAdapterConstructor,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): unknown {
    const server = super.createIOServer(port, {
      ...options,
      ...chatServerOptions(this.corsOrigins),
      ...(this.adapter && { adapter: this.adapter }),
    } as ServerOptions) as Server;
    if (this.httpServer && port === 0 && !this.secured) {
      secureTransportResponses(this.httpServer as HttpServer, server.path());
      this.secured = true;
    }
    return server;
  }

  override bindMessageHandlers(
    socket: Parameters<IoAdapter['bindMessageHandlers']>[0],
    handlers: MessageMappingProperties[],
    transform: (data: unknown) => Observable<unknown>,
  ): void {
    for (const { message, callback, isAckHandledManually } of handlers) {
      socket.on(message, (...args: unknown[]) => {
        const { data, ack } = this.mapPayload(args.length > 1 ? args : args[0]);
        transform(callback(data, ack)).subscribe((response) => {
          if (response === null || response === undefined) return;
          const reply = response as { event?: string; data?: unknown };
          if (reply.event) socket.emit(reply.event, reply.data);
          else if (!isAckHandledManually && typeof ack === 'function') ack(response);
        });
      });
    }
  }
}
