import { ConfigurationError, loadConfig } from '../src/config.js';
import { createLinkTokens } from '../src/infrastructure/crypto/linkTokens.js';
import { createLogger } from '../src/infrastructure/logging/logger.js';
import { startEmailPipeline } from '../src/infrastructure/mail/emailPipeline.js';
import { emailSettingsFrom } from '../src/infrastructure/mail/emailSettings.js';
import { buildInfrastructure } from '../src/main.js';

/**
 * `node dist/workers/emailSubscriber.js` turns stored events into email jobs (or, while Redis is
 * unreachable, sends them itself) until SIGTERM/SIGINT. It resumes from its checkpoint.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const log = createLogger(config.logLevel);
  const infra = await buildInfrastructure(config, log);
  const email = await startEmailPipeline(
    {
      pool: infra.pool,
      store: infra.store,
      codec: infra.codec,
      log,
      linkTokens: createLinkTokens(infra.secrets.emailHashKey),
    },
    emailSettingsFrom(config, config.email),
    { subscriber: true, worker: false },
  );
  log.info('email subscriber started');
  const shutdown = async (signal: string) => {
    log.info('email subscriber stopping', { signal });
    await email.close();
    await infra.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  // The subscriber has logged why; a supervisor restarts us from the checkpoint.
  email.subscriber!.done.catch(async () => {
    await email.close().catch(() => undefined);
    await infra.close().catch(() => undefined);
    process.exit(1);
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigurationError ? error.message : error);
  process.exit(error instanceof ConfigurationError ? 78 : 1);
});
