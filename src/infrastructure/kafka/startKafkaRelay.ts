import type { DatabasePool } from 'slonik';
import type { EventCodec } from '../crypto/eventCodec.js';
import type { EventStore } from '../eventStore/eventStore.js';
import type { Logger } from '../logging/logger.js';
import { createKafka } from './kafkaClient.js';
import { createKafkaPublisher } from './kafkaPublisher.js';
import type { KafkaRelay } from './kafkaRelay.js';
import { runKafkaRelay } from './kafkaRelay.js';
import type { KafkaRelaySettings } from './relaySettings.js';
import { seedTopics } from './seedTopics.js';

/** The relay wired to a real broker: what the worker and the embedded default run. */
export function startKafkaRelay(
  deps: { pool: DatabasePool; store: EventStore; codec: EventCodec; log: Logger },
  settings: KafkaRelaySettings,
): KafkaRelay {
  const topics = [settings.topic, ...(settings.seedTopics ? Object.values(seedTopics) : [])];
  const publisher = createKafkaPublisher(createKafka(settings, deps.log), {
    topics,
    partitions: settings.partitions,
    replicationFactor: settings.replicationFactor,
  });
  return runKafkaRelay({ ...deps, publisher }, settings);
}
