import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { notAuthenticated } from './httpErrors.js';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * With a token configured, `/metrics` answers only a scraper that presents it as a bearer token
 * (Prometheus: `authorization: { credentials_file: ... }`); without one it is open, for a port that
 * only the monitoring network reaches. Digests are compared, so neither the token's length nor its
 * content leaks through timing.
 */
export function metricsAccess(token: string | null): RequestHandler {
  if (token === null) return (_req, _res, next) => next();
  const expected = digest(token);
  return (req, _res, next) => {
    const given = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    next(given !== undefined && timingSafeEqual(digest(given), expected) ? undefined : notAuthenticated());
  };
}
