import { Queue } from 'bullmq';
import type { Logger } from '../logging/logger.js';
import { createRedisConnection } from '../redis/redisConnection.js';

export type EmailQueueStatus = {
  /** Redis answers within a second. */
  reachable(): Promise<boolean>;
  /** Email jobs by BullMQ state, for /metrics. */
  jobCounts(): Promise<Record<string, number>>;
  close(): Promise<void>;
};

const states = ['waiting', 'active', 'delayed', 'completed', 'failed'] as const;

/** Read-only view of the email queue for health and metrics; it never adds a job. */
export function createEmailQueueStatus(
  redisUrl: string,
  queue: { name: string; prefix: string },
  log: Logger,
): EmailQueueStatus {
  const connection = createRedisConnection(redisUrl, 'producer', log);
  const view = new Queue(queue.name, { connection: connection.client, prefix: queue.prefix });
  view.on('error', () => undefined);
  return {
    reachable: () => connection.whenReady(1_000),
    async jobCounts() {
      if (!(await connection.whenReady(1_000))) return {};
      return view.getJobCounts(...states);
    },
    async close() {
      await view.close();
      await connection.close();
    },
  };
}
