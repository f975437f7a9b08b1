import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

const HOST = /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i;

/** `ws:` and `wss:` URLs of the requested host, for browsers whose `'self'` does not cover WebSockets. */
function webSocketSelf(req: IncomingMessage): string {
  const host = req.headers.host;
  return host && HOST.test(host) ? `ws://${host} wss://${host}` : '';
}

/**
 * helmet with a Content-Security-Policy an Angular production build runs under: scripts only from the app's own
 * origin, inline styles allowed (Angular writes component styles inline), XHR and WebSockets to the app itself,
 * no framing, no plugins. No referrer leaves the app.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", (req) => webSocketSelf(req)],
        manifestSrc: ["'self'"],
        workerSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        scriptSrcAttr: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  }) as RequestHandler;
}
