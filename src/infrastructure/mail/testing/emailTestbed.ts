import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ExecutionContext } from 'ava';
import { Queue } from 'bullmq';
import type { DatabasePool } from 'slonik';
import type { TestSmtpServer } from '../../../../test/support/smtpServer.js';
import { startSmtpServer } from '../../../../test/support/smtpServer.js';
import type { EmailNotification } from '../../../notifications/index.js';
import type { EventCodec } from '../../crypto/eventCodec.js';
import type { LinkTokens } from '../../crypto/linkTokens.js';
import type { EventStore } from '../../eventStore/eventStore.js';
import type { Logger } from '../../logging/logger.js';
import { createRedisConnection } from '../../redis/redisConnection.js';
import type { EmailPipeline, EmailSettings } from '../emailPipeline.js';
import { startEmailPipeline } from '../emailPipeline.js';

export type EmailTestbedDeps = {
  pool: DatabasePool;
  store: EventStore;
  codec: EventCodec;
  linkTokens: LinkTokens;
};

export type EmailTestbed = {
  smtp: TestSmtpServer;
  /** Settings of this test alone: its own queue on the shared Redis, its SMTP server, fast retries. */
  settings: EmailSettings;
  /** Every line the pipelines logged, as JSON. */
  logs: string[];
  /** The test's queue, to look at jobs. */
  queue: Queue<EmailNotification>;
  /** Starts a pipeline (both parts unless told), closed when the test ends or by the test. */
  start(
    overrides?: Partial<EmailSettings>,
    parts?: { subscriber: boolean; worker: boolean },
  ): Promise<EmailPipeline>;
  /** Resolves once the pipeline's subscriber has handled everything committed and no job is pending. */
  settled(pipeline: EmailPipeline, timeoutMs?: number): Promise<void>;
};

const redisUrl = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export async function emailTestbed(t: ExecutionContext, deps: EmailTestbedDeps): Promise<EmailTestbed> {
  const smtp = await startSmtpServer();
  const settings: EmailSettings = {
    publicBaseUrl: 'http://users.test',
    redisUrl,
    queue: {
      name: `email-${randomUUID()}`,
      prefix: 'test-user-ledger',
      attempts: 8,
      backoffMs: 50,
      keepCompletedMs: 60_000,
      keepFailedMs: 60_000,
    },
    smtp: { host: '127.0.0.1', port: smtp.port },
    from: 'User Ledger <no-reply@users.test>',
    dataDir: '.data-test-unused',
    direct: { attempts: 2, backoffMs: 50 },
  };
  const logs: string[] = [];
  const line = (level: string) => (message: string, details?: Record<string, unknown>) =>
    void logs.push(JSON.stringify({ level, message, ...details }));
  const log: Logger = { info: line('info'), warn: line('warn'), error: line('error') };

  const inspection = createRedisConnection(redisUrl, 'worker', log);
  const queue = new Queue<EmailNotification>(settings.queue.name, {
    connection: inspection.client,
    prefix: settings.queue.prefix,
  });
  t.teardown(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    await inspection.close();
    await smtp.stop();
  });

  return {
    smtp,
    settings,
    logs,
    queue,
    async start(overrides = {}, parts = { subscriber: true, worker: true }) {
      const pipeline = await startEmailPipeline({ ...deps, log }, { ...settings, ...overrides }, parts);
      t.teardown(() => pipeline.close());
      return pipeline;
    },
    async settled(pipeline, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      await pipeline.subscriber?.waitFor(await deps.store.lastCommittedPosition(), timeoutMs);
      if (!pipeline.worker) return;
      // Jobs move between Redis lists without telling us; poll the condition, bounded.
      for (;;) {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        if (Object.values(counts).every((count) => count === 0)) return;
        if (Date.now() > deadline) throw new Error(`jobs still pending: ${JSON.stringify(counts)}`);
        await sleep(20);
      }
    },
  };
}
