import type { Kafka, Producer, TopicMessages } from 'kafkajs';
import { Partitioners } from 'kafkajs';
import type { RelayMessage } from './relayMessages.js';

/** Where the relay sends its records. Kafka in production; a recorder in tests of the relay loop. */
export type RelayPublisher = {
  /** Connects and creates missing topics. Called again after a failure, following disconnect(). */
  connect(): Promise<void>;
  /** Resolves once every record is acknowledged by all in-sync replicas; keeps their order per key. */
  publish(messages: readonly RelayMessage[]): Promise<void>;
  disconnect(): Promise<void>;
};

export type TopicSettings = { topics: readonly string[]; partitions: number; replicationFactor: number };

/**
 * kafkajs behind the publisher port. The producer is idempotent (the broker drops a retried batch it
 * already has) and allows one request in flight, so a retry can never overtake a later batch and
 * reorder a user's events.
 */
export function createKafkaPublisher(kafka: Kafka, topics: TopicSettings): RelayPublisher {
  let producer: Producer | null = null;
  return {
    async connect() {
      await ensureTopics(kafka, topics);
      producer = kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        // The Java client's murmur2 partitioning: consumers in other languages agree on partitions.
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
    },
    async publish(messages) {
      if (!producer) throw new Error('the Kafka publisher is not connected');
      if (messages.length === 0) return;
      await producer.sendBatch({ acks: -1, topicMessages: byTopic(messages) });
    },
    async disconnect() {
      const current = producer;
      producer = null;
      await current?.disconnect();
    },
  };
}

/** Creates the topics that do not exist yet; existing ones are left exactly as they are. */
export async function ensureTopics(kafka: Kafka, settings: TopicSettings): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = settings.topics.filter((topic) => !existing.has(topic));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({
        topic,
        numPartitions: settings.partitions,
        replicationFactor: settings.replicationFactor,
      })),
    });
  } finally {
    await admin.disconnect();
  }
}

/** Groups records by topic, keeping their relative order (which kafkajs keeps per partition). */
function byTopic(messages: readonly RelayMessage[]): TopicMessages[] {
  const groups = new Map<string, TopicMessages>();
  for (const { topic, key, value, headers } of messages) {
    let group = groups.get(topic);
    if (!group) groups.set(topic, (group = { topic, messages: [] }));
    group.messages.push({ key, value, headers });
  }
  return [...groups.values()];
}
