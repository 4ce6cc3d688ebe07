/** What the relay needs from configuration. Broker-side defaults apply where a number is -1. */
export type KafkaRelaySettings = {
  brokers: string[];
  clientId: string;
  /** The topic every published user event goes to. */
  topic: string;
  /** Also publish the seed's four legacy topics (user-email-notifications, …), for old consumers. */
  seedTopics: boolean;
  /** Partitions and replication factor of topics the relay creates; -1 leaves them to the broker. */
  partitions: number;
  replicationFactor: number;
  /** The relay's checkpoint (subscription_checkpoints.name). */
  subscriptionName: string;
  /** Most events per Kafka batch; keep batches well under the broker's message.max.bytes. */
  batchSize: number;
};

export type KafkaConfig = {
  brokers: string[];
  topic: string;
  seedTopics?: boolean;
  clientId?: string;
  partitions?: number;
  replicationFactor?: number;
};

export const kafkaRelaySubscriptionName = 'kafka-relay';

/** Settings from the validated configuration's `kafka` section; what it leaves out takes the defaults. */
export function kafkaRelaySettings(kafka: KafkaConfig): KafkaRelaySettings {
  return {
    brokers: kafka.brokers,
    clientId: kafka.clientId ?? 'user-ledger',
    topic: kafka.topic,
    seedTopics: kafka.seedTopics ?? false,
    partitions: kafka.partitions ?? -1,
    replicationFactor: kafka.replicationFactor ?? -1,
    subscriptionName: kafkaRelaySubscriptionName,
    batchSize: 200,
  };
}
