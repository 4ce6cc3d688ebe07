import { UnrecoverableError, Worker } from 'bullmq';
import type { EmailNotification } from '../../notifications/index.js';
import { TemplateError } from '../../notifications/index.js';
import type { Logger } from '../logging/logger.js';
import type { RedisConnection } from '../redis/redisConnection.js';
import type { EmailCounters } from './emailCounters.js';
import type { EmailQueueSettings } from './emailQueue.js';
import type { EmailSender } from './emailSender.js';
import { failureReason } from './failureReason.js';

export type EmailWorkerDeps = {
  /** A 'worker' connection: BullMQ's Worker needs commands that wait for Redis. */
  connection: RedisConnection;
  sender: EmailSender;
  log: Logger;
  counters: EmailCounters;
};

export type EmailWorkerOptions = EmailQueueSettings & { concurrency?: number };

export type EmailWorker = {
  readonly worker: Worker<EmailNotification>;
  /** Lets the sends in flight finish, then disconnects. */
  close(): Promise<void>;
};

/**
 * Renders and sends queued notifications. A failed send is retried with the job's backoff; a
 * template error is not (UnrecoverableError): the job fails at once. Either way a job that gives up
 * stays in the failed set with its reason, for an operator to inspect and retry.
 */
export function startEmailWorker(deps: EmailWorkerDeps, options: EmailWorkerOptions): EmailWorker {
  const { log, counters } = deps;
  const worker = new Worker<EmailNotification>(
    options.name,
    async (job) => {
      try {
        await deps.sender.send(job.data);
      } catch (error) {
        if (error instanceof TemplateError) throw new UnrecoverableError(error.message);
        throw error;
      }
    },
    {
      connection: deps.connection.client,
      prefix: options.prefix,
      concurrency: options.concurrency ?? 4,
    },
  );
  worker.on('completed', (job) => {
    counters.count('sent');
    log.info('email sent', { eventId: job.data.eventId, jobId: job.id, attempts: job.attemptsMade });
  });
  worker.on('failed', (job, error) => {
    if (!job) return;
    const details = {
      eventId: job.data.eventId,
      jobId: job.id,
      attempt: job.attemptsMade,
      // Our UnrecoverableErrors carry a template error's message, which names nothing personal.
      reason: error instanceof UnrecoverableError ? error.message : failureReason(error),
    };
    if (error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1)) {
      counters.count('failed');
      log.error('email job failed for good; it stays in the failed set', details);
    } else {
      counters.count('retried');
      log.warn('email attempt failed; retrying with backoff', details);
    }
  });
  // The connection logs outages, and the worker reconnects by itself.
  worker.on('error', () => undefined);
  return {
    worker,
    async close() {
      if (deps.connection.client.status === 'ready') {
        await worker.close();
        await deps.connection.close();
      } else {
        // A graceful close waits for Redis, for ever if it is gone; and without Redis no job is in hand.
        await deps.connection.close();
        await worker.close(true);
      }
    },
  };
}
