import { Queue } from 'bullmq';
import type { EmailNotification } from '../../notifications/index.js';
import type { RedisConnection } from '../redis/redisConnection.js';

export type EmailQueueSettings = {
  /** BullMQ queue name and key prefix: the worker must use the same two. */
  name: string;
  prefix: string;
};

export type EmailQueueOptions = EmailQueueSettings & {
  /** Send attempts per mail, the first included. */
  attempts: number;
  /** Exponential backoff: attempt n+1 waits backoffMs · 2^(n-1). */
  backoffMs: number;
  /**
   * How long a sent job is kept. BullMQ refuses a second job with the same id only while the first
   * still exists, so this is also how long the queue itself deduplicates a redelivered event.
   */
  keepCompletedMs: number;
  /** How long a job that exhausted its attempts stays visible as failed; it holds an address. */
  keepFailedMs: number;
  /** How long the first enqueue waits for Redis to connect. */
  readyTimeoutMs?: number;
};

export type EmailQueue = {
  /** Throws QueueUnavailableError when Redis does not answer; the caller falls back to sending directly. */
  enqueue(notification: EmailNotification): Promise<void>;
  readonly queue: Queue<EmailNotification>;
  close(): Promise<void>;
};

export class QueueUnavailableError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('the email queue (Redis) is unreachable', options);
    this.name = 'QueueUnavailableError';
  }
}

/** BullMQ job ids may not contain ':' nor be all digits; event ids are UUIDs, so this is neither. */
export const emailJobId = (eventId: string): string => `email-${eventId}`;

export function createEmailQueue(connection: RedisConnection, options: EmailQueueOptions): EmailQueue {
  const queue = new Queue<EmailNotification>(options.name, {
    connection: connection.client,
    prefix: options.prefix,
    defaultJobOptions: {
      attempts: options.attempts,
      backoff: { type: 'exponential', delay: options.backoffMs },
      removeOnComplete: { age: Math.ceil(options.keepCompletedMs / 1000) },
      removeOnFail: { age: Math.ceil(options.keepFailedMs / 1000) },
    },
  });
  // The connection logs outages; an unhandled 'error' event would crash the process.
  queue.on('error', () => undefined);
  return {
    queue,
    async enqueue(notification) {
      // The Queue waits for Redis before its first command, however long it is gone; so ask first.
      // Once connected, a command fails at once while Redis is down (no offline queue).
      if (!(await connection.whenReady(options.readyTimeoutMs ?? 2_000))) throw new QueueUnavailableError();
      try {
        await queue.add(notification.template, notification, { jobId: emailJobId(notification.eventId) });
      } catch (error) {
        throw new QueueUnavailableError({ cause: error });
      }
    },
    close: () => queue.close(),
  };
}
