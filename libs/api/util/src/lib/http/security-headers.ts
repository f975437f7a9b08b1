import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * The one inline handler an Angular production build writes (critical-CSS inlining loads the full stylesheet with
 * `onload="this.media='all'"`); allowed by its hash, no other inline script or handler is.
 */
export const ANGULAR_STYLESHEET_ONLOAD_HASH = "'sha256-MhtPZXr7+LpJUY5qtMutB+qWfQtMaPccfe7QXtCcEYc='";

const HOST = /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i;

/** `'self'` plus `ws:` and `wss:` of the requested host, for browsers whose `'self'` does not cover WebSockets. */
function connectSources(req: IncomingMessage): string {
  const host = req.headers.host;
  return host && HOST.test(host) ? `'self' ws://${host} wss://${host}` : "'self'";
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
        connectSrc: [(req) => connectSources(req)],
        manifestSrc: ["'self'"],
        workerSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        scriptSrcAttr: ["'unsafe-hashes'", ANGULAR_STYLESHEET_ONLOAD_HASH],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  }) as RequestHandler;
}

/**
 * What responses written outside Express carry (Socket.IO's long-polling transport answers before any middleware):
 * nothing in them may run as a document, be framed, be sniffed as another type or leak a referrer.
 */
export const TRANSPORT_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};
