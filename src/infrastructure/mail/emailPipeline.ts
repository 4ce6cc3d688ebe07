import type { DatabasePool } from 'slonik';
import { apiLinks } from '../../notifications/index.js';
import type { EventCodec } from '../crypto/eventCodec.js';
import type { LinkTokens } from '../crypto/linkTokens.js';
import type { EventStore } from '../eventStore/eventStore.js';
import type { Logger } from '../logging/logger.js';
import { createRedisConnection } from '../redis/redisConnection.js';
import type { DirectSendPolicy } from './dispatchNotification.js';
import type { EmailCounters } from './emailCounters.js';
import { createEmailCounters } from './emailCounters.js';
import { postgresEmailDeliveries } from './emailDeliveries.js';
import type { EmailQueueOptions } from './emailQueue.js';
import { createEmailQueue } from './emailQueue.js';
import type { EmailSender } from './emailSender.js';
import { createEmailSender } from './emailSender.js';
import type { EmailSubscriber } from './emailSubscriber.js';
import { runEmailSubscriber } from './emailSubscriber.js';
import type { EmailWorker } from './emailWorker.js';
import { startEmailWorker } from './emailWorker.js';
import type { SmtpSettings } from './mailTransport.js';
import { createMailTransport } from './mailTransport.js';
import { templateFiles } from './templateFiles.js';

/** Everything the email pipeline needs from configuration. */
export type EmailSettings = {
  /** Where links in mails point (SERVER_BASE_URL). */
  publicBaseUrl: string;
  redisUrl: string;
  queue: Omit<EmailQueueOptions, 'readyTimeoutMs'>;
  /** Absent: .eml files under `<dataDir>/mail/`. */
  smtp?: SmtpSettings | undefined;
  from: string;
  dataDir: string;
  /** Default: the project's templates/email. */
  templatesDir?: string | undefined;
  /** Retries of the subscriber's own sends while Redis is down. */
  direct?: DirectSendPolicy;
  /** Local setups only: print each mail's token link on the console. */
  printLinks?: boolean;
  workerConcurrency?: number;
  subscriptionName?: string;
};

export type EmailPipelineDeps = {
  pool: DatabasePool;
  store: EventStore;
  codec: EventCodec;
  log: Logger;
  /** Must be the commands' own (same EMAIL_HASH_KEY): the worker recomputes their link tokens. */
  linkTokens: LinkTokens;
  counters?: EmailCounters;
};

export type EmailPipeline = {
  /** Null when this process does not run it. */
  subscriber: EmailSubscriber | null;
  worker: EmailWorker | null;
  counters: EmailCounters;
  close(): Promise<void>;
};

/** Renderer plus transport, as both the worker and the subscriber's direct sends use them. */
export function buildEmailSender(
  deps: Pick<EmailPipelineDeps, 'log' | 'linkTokens'>,
  settings: EmailSettings,
  { pooled = true }: { pooled?: boolean } = {},
) {
  const transport = createMailTransport({
    pooled,
    smtp: settings.smtp,
    from: settings.from,
    dataDir: settings.dataDir,
    log: deps.log,
  });
  const sender: EmailSender = createEmailSender({
    templates: templateFiles(settings.templatesDir),
    transport,
    links: apiLinks(settings.publicBaseUrl),
    linkTokens: deps.linkTokens,
    ...(settings.printLinks ? { printLink: (line: string) => console.log(line) } : {}),
  });
  return { sender, transport };
}

/**
 * Starts the subscriber (events → jobs, or direct sends while Redis is down), the worker (jobs →
 * mails), or both. Templates are checked first: a broken one stops start-up, not a mail later.
 */
export async function startEmailPipeline(
  deps: EmailPipelineDeps,
  settings: EmailSettings,
  parts: { subscriber: boolean; worker: boolean } = { subscriber: true, worker: true },
): Promise<EmailPipeline> {
  const counters = deps.counters ?? createEmailCounters();
  const { sender, transport } = buildEmailSender(deps, settings);
  await sender.checkTemplates();

  let subscriber: EmailSubscriber | null = null;
  let closeQueue = async () => {};
  if (parts.subscriber) {
    const connection = createRedisConnection(settings.redisUrl, 'producer', deps.log);
    const queue = createEmailQueue(connection, settings.queue);
    closeQueue = async () => {
      await queue.close();
      await connection.close();
    };
    subscriber = runEmailSubscriber(
      { ...deps, queue, sender, deliveries: postgresEmailDeliveries(deps.pool), counters },
      {
        ...(settings.subscriptionName ? { name: settings.subscriptionName } : {}),
        ...(settings.direct ? { direct: settings.direct } : {}),
      },
    );
  }
  const worker = parts.worker
    ? startEmailWorker(
        {
          connection: createRedisConnection(settings.redisUrl, 'worker', deps.log),
          sender,
          log: deps.log,
          counters,
        },
        {
          name: settings.queue.name,
          prefix: settings.queue.prefix,
          concurrency: settings.workerConcurrency ?? 4,
        },
      )
    : null;

  return {
    subscriber,
    worker,
    counters,
    async close() {
      await subscriber?.stop();
      await closeQueue();
      await worker?.close();
      transport.close();
    },
  };
}
