import type { RequestHandler } from 'express';
import { json } from 'express';
import { LIMITS } from '@chat/shared/contracts';
import { apiError } from '../filters/api-exception.filter';

/**
 * Parses JSON bodies of at most `limitBytes`; a body of another type is refused with 415 and a parse failure with
 * 413 or 400, each in the contract's error shape (the body parser's own errors would bypass Nest's filters).
 */
export function jsonBodyParser(limitBytes: number = LIMITS.maxPayloadBytes): RequestHandler {
  const parse = json({ limit: limitBytes, strict: true, type: 'application/json' });
  return (req, res, next) => {
    const hasBody =
      req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (hasBody && !req.is('application/json')) {
      res.status(415).json(apiError(415, 'request bodies must be JSON (Content-Type: application/json)'));
      return;
    }
    parse(req, res, (error?: unknown) => {
      if (!error) return next();
      const status = Number((error as { status?: number }).status ?? 400);
      const message =
        status === 413
          ? `request body exceeds ${limitBytes} bytes`
          : status === 415
            ? 'unsupported body encoding'
            : 'malformed JSON body';
      res.status(status >= 400 && status < 500 ? status : 400).json(apiError(status, message));
    });
  };
}
