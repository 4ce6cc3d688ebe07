import { Redis } from 'ioredis';
import type { Logger } from '../logging/logger.js';

/**
 * - 'producer' (the email subscriber's Queue): commands fail at once while Redis is unreachable
 *   (no offline queue, one retry), so the caller can fall back instead of hanging;
 * - 'worker': commands wait for Redis and the connection retries forever, as BullMQ's Worker requires.
 * Both reconnect in the background.
 */
export type RedisRole = 'producer' | 'worker';

export type RedisConnection = {
  client: Redis;
  /**
   * True when the client is connected, or connects within `timeoutMs`. False at once while it is
   * known to be down (it failed since it was last ready), so an outage costs no waiting per call.
   */
  whenReady(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
};

export function createRedisConnection(url: string, role: RedisRole, log: Logger): RedisConnection {
  const client = new Redis(url, {
    lazyConnect: false,
    connectTimeout: 5_000,
    retryStrategy: (attempt) => Math.min(attempt * 250, 5_000),
    ...(role === 'producer'
      ? { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 5_000 }
      : { maxRetriesPerRequest: null }),
  });
  let down = false;
  // Logged once per outage and recovery, without the URL (it may hold a password).
  client.on('error', (error: NodeJS.ErrnoException) => {
    if (!down) log.warn('redis unreachable', { role, code: error.code ?? error.name });
    down = true;
  });
  client.on('ready', () => {
    if (down) log.info('redis reachable again', { role });
    down = false;
  });

  return {
    client,
    async whenReady(timeoutMs) {
      if (client.status === 'ready') return true;
      if (down || client.status === 'end') return false;
      return new Promise<boolean>((resolve) => {
        const settle = (ready: boolean) => {
          clearTimeout(timer);
          client.off('ready', onReady).off('error', onError);
          resolve(ready);
        };
        const onReady = () => settle(true);
        const onError = () => settle(false);
        const timer = setTimeout(() => settle(false), timeoutMs);
        client.on('ready', onReady).on('error', onError);
      });
    },
    async close() {
      if (client.status === 'end') return;
      // quit() waits for Redis, which may be the very thing that is gone.
      if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
      else client.disconnect();
    },
  };
}
