import type { RequestHandler } from 'express';

/** What a browser client may send beyond the simple headers, and may read from an answer. */
const REQUEST_HEADERS =
  'Authorization, Content-Type, If-Match, Idempotency-Key, X-Event-Position, X-Request-Id';
const EXPOSED_HEADERS = 'ETag, X-Event-Position, X-Request-Id, Retry-After, WWW-Authenticate';
const METHODS = 'GET, POST, PUT, PATCH, DELETE';

/**
 * Cross-origin access for the browser applications of the listed origins (exact `scheme://host:port`
 * matches; none by default, so browsers keep other origins out). Credentials are bearer tokens the
 * application sends itself, never cookies, so no origin is ever told it may send credentials.
 * A preflight from a listed origin is answered here; any other request goes on as usual, with the
 * CORS headers only when its origin is listed.
 */
export function cors(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  if (allowed.size === 0) return (_req, _res, next) => next();
  return (req, res, next) => {
    res.vary('Origin');
    const origin = req.headers.origin;
    if (origin === undefined || !allowed.has(origin)) return next();
    res.setHeader('Access-Control-Allow-Origin', origin);
    if (req.method !== 'OPTIONS' || req.headers['access-control-request-method'] === undefined) {
      res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
      return next();
    }
    res.setHeader('Access-Control-Allow-Methods', METHODS);
    res.setHeader('Access-Control-Allow-Headers', REQUEST_HEADERS);
    res.setHeader('Access-Control-Max-Age', '600');
    res.status(204).end();
  };
}
