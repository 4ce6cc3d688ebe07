import { randomUUID } from 'node:crypto';
import test from 'ava';
import type { ExecutionContext } from 'ava';
import type { Kafka } from 'kafkajs';
import type { Testbed } from '../../../test/support/commandTestbed.js';
import { commandTestbed } from '../../../test/support/commandTestbed.js';
import { storedEvents } from '../../../test/support/storedEvents.js';
import type { Logger } from '../logging/logger.js';
import { createKafka } from './kafkaClient.js';
import { kafkaRelaySettings } from './relaySettings.js';
import { startKafkaRelay } from './startKafkaRelay.js';

/**
 * Against a real broker: runs whenever KAFKA_BROKERS is set (docker compose, CI with Kafka) and is
 * reported as skipped otherwise, never as passed.
 */
const brokers = process.env['KAFKA_BROKERS']?.split(',').map((broker) => broker.trim());
const kafkaTest = brokers ? test.serial : test.skip;

const password = 'correct horse battery';
const silent: Logger = { info: () => {}, warn: () => {}, error: () => {} };

type Received = { key: string; value: string | null; headers: Record<string, string> };

/** A consumer in a group of its own, reading the topic from the beginning. */
async function consume(t: ExecutionContext, kafka: Kafka, topic: string) {
  const received: Received[] = [];
  // Each waiter is told of every record as it arrives: no polling.
  const waiters = new Set<() => void>();
  const consumer = kafka.consumer({ groupId: `relay-spec-${randomUUID()}` });
  t.teardown(() => consumer.disconnect());
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      received.push({
        key: message.key!.toString(),
        value: message.value === null ? null : message.value.toString(),
        headers: Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
        ),
      });
      for (const waiter of waiters) waiter();
    },
  });
  const waitForCount = (count: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`received ${received.length} of ${count} records`));
      }, 60_000);
      const check = () => {
        if (received.length < count) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
    });
  return { received, waitForCount };
}

function relayFor(t: ExecutionContext, bed: Testbed, topic: string, subscriptionName: string) {
  const settings = { ...kafkaRelaySettings({ brokers: brokers!, topic }), subscriptionName };
  const relay = startKafkaRelay(
    { pool: bed.db.pool, store: bed.deps.store, codec: bed.deps.codec, log: silent },
    settings,
  );
  t.teardown(() => relay.stop());
  return relay;
}

const userEvents = (bed: Testbed) => storedEvents(bed.db.pool, ['user-']);

const envelopeOf = (record: Received) =>
  JSON.parse(record.value!) as { eventId: string; type: string; revision: string };

kafkaTest(
  'records reach a consumer group in order per user, and a restart resumes without gaps',
  async (t) => {
    const bed = await commandTestbed(t);
    const topic = `user-events-spec-${randomUUID()}`;
    const subscription = `kafka-relay-spec-${randomUUID()}`;
    const admin = await bed.commands.registerUser({ email: 'admin@example.com', password }, bed.meta());
    const asAdmin = bed.meta({ id: admin.userId, role: 'ADMIN' });
    const grace = await bed.commands.registerUser({ email: 'grace@example.com', password }, bed.meta());
    for (let index = 0; index < 5; index += 1) {
      await bed.commands.updateProfile({ userId: grace.userId, changes: { bio: `bio ${index}` } }, asAdmin);
    }

    const first = relayFor(t, bed, topic, subscription);
    await first.waitFor(await bed.deps.store.lastCommittedPosition(), 60_000);
    await first.stop();

    await bed.commands.deleteUser({ userId: grace.userId }, asAdmin);
    await bed.commands.erasePersonalData({ userId: grace.userId }, asAdmin);
    const second = relayFor(t, bed, topic, subscription);
    await second.waitFor(await bed.deps.store.lastCommittedPosition(), 60_000);

    const stored = await userEvents(bed);
    const kafka = createKafka({ brokers: brokers!, clientId: 'relay-spec' }, silent);
    const { received, waitForCount } = await consume(t, kafka, topic);
    await waitForCount(stored.length + 1); // + the tombstone

    const events = received.filter((record) => record.value !== null);
    t.deepEqual(
      new Set(events.map((record) => envelopeOf(record).eventId)),
      new Set(stored.map((e) => e.eventId)),
    );
    for (const userId of [admin.userId, grace.userId]) {
      const revisions = events
        .filter((record) => record.key === userId)
        .map((r) => Number(envelopeOf(r).revision));
      t.deepEqual(
        revisions,
        revisions.map((_, index) => index),
        `records of ${userId} in order, none missing`,
      );
    }
    const graces = received.filter((record) => record.key === grace.userId);
    t.is(graces.at(-1)!.value, null, 'a tombstone ends the erased user’s records');
    t.is(graces.at(-2)!.headers['event-type'], 'PersonalDataErased');
    t.is(events[0]!.headers['schema-version'], '1');
  },
);
