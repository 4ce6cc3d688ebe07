import { ConfigurationError, loadConfig } from '../src/config.js';
import { kafkaRelaySettings, startKafkaRelay } from '../src/infrastructure/kafka/index.js';
import { createLogger } from '../src/infrastructure/logging/logger.js';
import { buildInfrastructure } from '../src/main.js';

/**
 * `node dist/workers/kafkaRelay.js` publishes every stored user event to Kafka (KAFKA_BROKERS,
 * topic KAFKA_TOPIC) until SIGTERM/SIGINT, resuming from its checkpoint. Broker outages are
 * retried inside the process with backoff; it exits only on a signal or a configuration error.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (!config.kafka) throw new ConfigurationError(['KAFKA_BROKERS: required by the Kafka relay']);
  const log = createLogger(config.logLevel);
  const infra = await buildInfrastructure(config, log);
  const settings = kafkaRelaySettings(config.kafka);
  const relay = startKafkaRelay({ pool: infra.pool, store: infra.store, codec: infra.codec, log }, settings);
  log.info('kafka relay started', { topic: settings.topic, seedTopics: settings.seedTopics });
  const shutdown = async (signal: string) => {
    log.info('kafka relay stopping', { signal });
    await relay.stop();
    await infra.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigurationError ? error.message : error);
  process.exit(error instanceof ConfigurationError ? 78 : 1);
});
