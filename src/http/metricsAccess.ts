import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { notAuthenticated } from './httpErrors.js';

/**
 * With a token's SHA-256 configured, `/metrics` answers only a scraper that presents the token as a
 * bearer token (Prometheus: `authorization: { credentials_file: ... }`); without one it is open, for
 * a port that only the monitoring network reaches. Only the hash is configured, so the environment
 * never holds the token, and digests are compared in constant time.
 */
export function metricsAccess(tokenSha256: Buffer | null): RequestHandler {
  if (tokenSha256 === null) return (_req, _res, next) => next();
  return (req, _res, next) => {
    const given = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const digest = given === undefined ? null : createHash('sha256').update(given).digest();
    next(digest !== null && timingSafeEqual(digest, tokenSha256) ? undefined : notAuthenticated());
  };
}
