/**
 * A minimal analytics consumer: counts registrations per day from the `user-events` topic.
 *
 *   KAFKA_BROKERS=localhost:9092 node dist/examples/analytics-consumer.js
 *
 * It depends on nothing in this service but the published contract (docs/events/README.md): the
 * JSON envelope in each record's value, its type in the `event-type` header, and null values
 * (tombstones) after an erasure. Delivery is at least once, so it counts each eventId once; a real
 * consumer keeps those ids (or its counts and offsets) in its own store, not in memory.
 */
import { Kafka, logLevel } from 'kafkajs';

type Envelope = { eventId: string; type: string; occurredAt: string; data: { userId: string } };

const brokers = (process.env['KAFKA_BROKERS'] ?? 'localhost:9092').split(',');
const topic = process.env['KAFKA_TOPIC'] ?? 'user-events';
const groupId = process.env['GROUP_ID'] ?? 'analytics-registrations-per-day';

const registrationsPerDay = new Map<string, number>();
const counted = new Set<string>();

async function main(): Promise<void> {
  const kafka = new Kafka({ clientId: 'analytics-example', brokers, logLevel: logLevel.WARN });
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      // The header spares parsing every record; a tombstone (null value) has none to match.
      if (message.headers?.['event-type']?.toString() !== 'UserRegistered' || !message.value) return;
      const envelope = JSON.parse(message.value.toString()) as Envelope;
      if (counted.has(envelope.eventId)) return;
      counted.add(envelope.eventId);
      const day = envelope.occurredAt.slice(0, 10);
      registrationsPerDay.set(day, (registrationsPerDay.get(day) ?? 0) + 1);
      console.log(`${day}: ${registrationsPerDay.get(day)} registration(s)`);
    },
  });
  const stop = async () => {
    await consumer.disconnect();
    console.table(Object.fromEntries([...registrationsPerDay].sort()));
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
