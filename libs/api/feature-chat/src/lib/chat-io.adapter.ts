import type { INestApplicationContext } from '@nestjs/common';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions } from 'socket.io';
import { LIMITS } from '@chat/shared/contracts';
import { isAllowedOrigin, TRANSPORT_SECURITY_HEADERS } from '@chat/api/util';

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

/** Nest's Socket.IO adapter with `chatServerOptions` and secured transport responses. */
export class ChatIoAdapter extends IoAdapter {
  private secured = false;

  constructor(
    app: INestApplicationContext,
    private readonly corsOrigins: readonly string[],
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): unknown {
    const server = super.createIOServer(port, {
      ...options,
      ...chatServerOptions(this.corsOrigins),
    } as ServerOptions) as Server;
    if (this.httpServer && port === 0 && !this.secured) {
      secureTransportResponses(this.httpServer as HttpServer, server.path());
      this.secured = true;
    }
    return server;
  }
}
