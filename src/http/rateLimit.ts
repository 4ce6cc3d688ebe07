import type { NextFunction, Request, Response } from 'express';
import { HttpError } from './httpErrors.js';

export type RateLimitPolicy = { limit: number; windowMs: number };

/**
 * A fixed-window counter per client IP and bucket, in process memory. Enough for one API
 * instance; behind several instances put the limit in the proxy (nginx limit_req) as well.
 */
export function rateLimiter(policy: RateLimitPolicy, clock: () => number = Date.now) {
  const windows = new Map<string, { startedAt: number; count: number }>();
  return (bucket: string) => (req: Request, res: Response, next: NextFunction) => {
    if (policy.limit <= 0) return next();
    const now = clock();
    const key = `${bucket}|${req.ip ?? 'unknown'}`;
    let window = windows.get(key);
    if (!window || now - window.startedAt >= policy.windowMs) {
      if (windows.size > 100_000) pruneExpired(windows, now, policy.windowMs);
      window = { startedAt: now, count: 0 };
      windows.set(key, window);
    }
    window.count += 1;
    if (window.count <= policy.limit) return next();
    const retryAfter = Math.max(1, Math.ceil((window.startedAt + policy.windowMs - now) / 1000));
    next(new HttpError(429, 'Too many requests; try again later', { 'Retry-After': String(retryAfter) }));
  };
}

function pruneExpired(windows: Map<string, { startedAt: number }>, now: number, windowMs: number) {
  for (const [key, window] of windows) if (now - window.startedAt >= windowMs) windows.delete(key);
}
