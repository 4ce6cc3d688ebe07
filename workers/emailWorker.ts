import { ConfigurationError, loadConfig } from '../src/config.js';
import { createLinkTokens } from '../src/infrastructure/crypto/linkTokens.js';
import { createLogger } from '../src/infrastructure/logging/logger.js';
import { buildEmailSender } from '../src/infrastructure/mail/emailPipeline.js';
import { createEmailCounters } from '../src/infrastructure/mail/emailCounters.js';
import { emailSettingsFrom } from '../src/infrastructure/mail/emailSettings.js';
import { startEmailWorker } from '../src/infrastructure/mail/emailWorker.js';
import { createRedisConnection } from '../src/infrastructure/redis/redisConnection.js';
import { loadOrCreateLocalSecrets } from '../src/infrastructure/embedded/localSecrets.js';

/**
 * `node dist/workers/emailWorker.js` renders and sends queued emails until SIGTERM/SIGINT. It needs
 * Redis, SMTP (or the data folder) and EMAIL_HASH_KEY for the links; no database.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const log = createLogger(config.logLevel);
  const settings = emailSettingsFrom(config, config.email);
  const emailHashKey =
    config.secrets.emailHashKey ??
    Buffer.from((await loadOrCreateLocalSecrets(config.dataDir)).emailHashKey, 'base64');
  const { sender, transport } = buildEmailSender(
    { log, linkTokens: createLinkTokens(emailHashKey) },
    settings,
  );
  await sender.checkTemplates();
  const worker = startEmailWorker(
    {
      connection: createRedisConnection(settings.redisUrl, 'worker', log),
      sender,
      log,
      counters: createEmailCounters(),
    },
    { name: settings.queue.name, prefix: settings.queue.prefix },
  );
  log.info('email worker started', { queue: settings.queue.name });
  const shutdown = async (signal: string) => {
    log.info('email worker stopping', { signal });
    await worker.close();
    transport.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigurationError ? error.message : error);
  process.exit(error instanceof ConfigurationError ? 78 : 1);
});
