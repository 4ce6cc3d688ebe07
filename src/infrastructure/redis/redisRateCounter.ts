import type { RateCounter } from '../../http/rateLimit.js';
import type { RedisConnection } from './redisConnection.js';

/** One round trip, atomic: the window starts with its first hit and ends with the key. */
const HIT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('PTTL', KEYS[1])}
`;

/**
 * Counts in Redis, so every API instance sharing it enforces one limit per client (in memory each
 * instance would allow the limit again). While Redis is unreachable, `fallback` counts instead: a
 * limit per instance for the outage rather than none, or every request refused.
 */
export function redisRateCounter(redis: RedisConnection, prefix: string, fallback: RateCounter): RateCounter {
  return {
    async hit(key, windowMs) {
      if (!(await redis.whenReady(0))) return fallback.hit(key, windowMs);
      try {
        const [count, ttl] = (await redis.client.eval(HIT, 1, `${prefix}:${key}`, windowMs)) as [
          number,
          number,
        ];
        return { count, retryAfterMs: ttl > 0 ? ttl : windowMs };
      } catch {
        return fallback.hit(key, windowMs);
      }
    },
  };
}
