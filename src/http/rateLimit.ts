import type { NextFunction, Request, Response } from 'express';
import { HttpError } from './httpErrors.js';

export type RateLimitPolicy = { limit: number; windowMs: number };

/** A hit in a fixed window per key: the hits so far in it, and when it ends. */
export type RateCounter = {
  hit(key: string, windowMs: number): Promise<{ count: number; retryAfterMs: number }>;
};

/**
 * Requests per client IP and bucket in fixed windows; over the limit, 429 with Retry-After. The
 * counter decides the scope: this process (memoryRateCounter), or every instance sharing a Redis.
 */
export function rateLimiter(policy: RateLimitPolicy, counter: RateCounter) {
  return (bucket: string) => async (req: Request, _res: Response, next: NextFunction) => {
    if (policy.limit <= 0) return next();
    const { count, retryAfterMs } = await counter.hit(`${bucket}|${req.ip ?? 'unknown'}`, policy.windowMs);
    if (count <= policy.limit) return next();
    const retryAfter = Math.max(1, Math.ceil(retryAfterMs / 1000));
    next(new HttpError(429, 'Too many requests; try again later', { 'Retry-After': String(retryAfter) }));
  };
}

/** Counts in process memory: one instance's view. */
export function memoryRateCounter(clock: () => number = Date.now): RateCounter {
  const windows = new Map<string, { startedAt: number; count: number }>();
  return {
    async hit(key, windowMs) {
      const now = clock();
      let window = windows.get(key);
      if (!window || now - window.startedAt >= windowMs) {
        if (windows.size > 100_000) pruneExpired(windows, now, windowMs);
        window = { startedAt: now, count: 0 };
        windows.set(key, window);
      }
      window.count += 1;
      return { count: window.count, retryAfterMs: window.startedAt + windowMs - now };
    },
  };
}

function pruneExpired(windows: Map<string, { startedAt: number }>, now: number, windowMs: number) {
  for (const [key, window] of windows) if (now - window.startedAt >= windowMs) windows.delete(key);
}
