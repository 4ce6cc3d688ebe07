import type { RequestHandler } from 'express';

/**
 * What every answer tells browsers and caches. Answers carry tokens (RFC 6749 §5.1 asks token answers
 * for `no-store` and `Pragma: no-cache`) or personal data, so nothing is stored by any cache; nothing
 * is sniffed as another type, framed, or followed by a Referer that could carry a link's token. Routes
 * that need more (the account pages' script policy, the event stream's `no-transform`) set their own.
 */
export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "frame-ancestors 'none'");
  res.setHeader('Referrer-Policy', 'no-referrer');
  next();
};
