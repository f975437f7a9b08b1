import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { ServerOptions } from 'socket.io';
import { LIMITS } from '@chat/shared/contracts';
import { isAllowedOrigin } from '@chat/api/util';

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

/** Nest's Socket.IO adapter with `chatServerOptions`. */
export class ChatIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly corsOrigins: readonly string[],
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): unknown {
    return super.createIOServer(port, {
      ...options,
      ...chatServerOptions(this.corsOrigins),
    } as ServerOptions);
  }
}
