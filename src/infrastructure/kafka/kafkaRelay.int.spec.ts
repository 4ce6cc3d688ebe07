import test from 'ava';
import type { ExecutionContext } from 'ava';
import { userStream } from '../../domain/index.js';
import { readCheckpoint } from '../../projections/checkpoints.js';
import type { Testbed } from '../../../test/support/commandTestbed.js';
import { commandTestbed } from '../../../test/support/commandTestbed.js';
import { storedEvents } from '../../../test/support/storedEvents.js';
import type { Logger } from '../logging/logger.js';
import type { KafkaRelay } from './kafkaRelay.js';
import { runKafkaRelay } from './kafkaRelay.js';
import type { RecordingPublisher } from './testing/recordingPublisher.js';
import { recordingPublisher } from './testing/recordingPublisher.js';

const password = 'correct horse battery';
const topic = 'user-events';

function startRelay(t: ExecutionContext, bed: Testbed, publisher: RecordingPublisher, logs: string[] = []) {
  const log: Logger = {
    info: (message) => void logs.push(message),
    warn: (message) => void logs.push(message),
    error: (message) => void logs.push(message),
  };
  const relay = runKafkaRelay(
    { pool: bed.db.pool, store: bed.deps.store, codec: bed.deps.codec, log, publisher },
    {
      subscriptionName: 'kafka-relay',
      topic,
      seedTopics: false,
      batchSize: 3,
      restart: { initialMs: 5, maxMs: 20 },
    },
  );
  t.teardown(() => relay.stop());
  return relay;
}

const caughtUp = async (bed: Testbed, relay: KafkaRelay) =>
  relay.waitFor(await bed.deps.store.lastCommittedPosition(), 20_000);

/** Event ids of every user-stream event in the store, in global order. */
async function storedUserEventIds(bed: Testbed): Promise<string[]> {
  return (await storedEvents(bed.db.pool, ['user-'])).map((event) => event.eventId);
}

const publishedIds = (publisher: RecordingPublisher) =>
  publisher.sent
    .filter((message) => message.topic === topic && message.value !== null)
    .map((message) => (JSON.parse(message.value!) as { eventId: string }).eventId);

async function population(bed: Testbed) {
  const admin = await bed.commands.registerUser({ email: 'admin@example.com', password }, bed.meta());
  const asAdmin = bed.meta({ id: admin.userId, role: 'ADMIN' });
  const grace = await bed.commands.registerUser(
    { email: 'grace@example.com', password, firstName: 'Grace' },
    bed.meta(),
  );
  await bed.commands.updateProfile({ userId: grace.userId, changes: { bio: 'Wrote a compiler' } }, asAdmin);
  return { admin, asAdmin, grace };
}

test('every user event is published once, in store order, keyed by its user; system streams are not', async (t) => {
  const bed = await commandTestbed(t);
  const { admin, grace } = await population(bed);
  const publisher = recordingPublisher();
  await caughtUp(bed, startRelay(t, bed, publisher));

  t.deepEqual(publishedIds(publisher), await storedUserEventIds(bed));
  t.deepEqual(new Set(publisher.sent.map((message) => message.key)), new Set([admin.userId, grace.userId]));
  const graceRevisions = publisher.sent
    .filter((message) => message.key === grace.userId)
    .map((message) => (JSON.parse(message.value!) as { revision: string }).revision);
  t.deepEqual(
    graceRevisions,
    graceRevisions.map((_, index) => String(index)),
  );
  t.false(JSON.stringify(publisher.sent).includes('$argon2id$'));
});

test('a failed send moves no checkpoint: the batch is sent again and nothing is lost', async (t) => {
  const bed = await commandTestbed(t);
  await population(bed);
  const publisher = recordingPublisher();
  publisher.failNextPublishes(2);
  const logs: string[] = [];
  const relay = startRelay(t, bed, publisher, logs);
  await caughtUp(bed, relay);

  t.deepEqual(publishedIds(publisher), await storedUserEventIds(bed));
  t.true(logs.includes('kafka relay failed; restarting from its checkpoint'));
  t.is(await readCheckpoint(bed.db.pool, 'kafka-relay'), await bed.deps.store.lastCommittedPosition());
});

test('commands go on while the broker is down; the relay reconnects and catches up', async (t) => {
  const bed = await commandTestbed(t);
  const publisher = recordingPublisher();
  publisher.brokerDown = true;
  const relay = startRelay(t, bed, publisher);
  await population(bed);
  t.false(relay.connected());
  t.is(relay.position(), 0n);

  publisher.brokerDown = false;
  await caughtUp(bed, relay);
  t.true(relay.connected());
  t.deepEqual(publishedIds(publisher), await storedUserEventIds(bed));
});

test('a restarted relay resumes from its checkpoint: no gap and no repeat', async (t) => {
  const bed = await commandTestbed(t);
  const { asAdmin, grace } = await population(bed);
  const first = recordingPublisher();
  const relay = startRelay(t, bed, first);
  await caughtUp(bed, relay);
  await relay.stop();

  await bed.commands.updateProfile({ userId: grace.userId, changes: { bio: 'Found a moth' } }, asAdmin);
  await bed.commands.registerUser({ email: 'ada@example.com', password }, bed.meta());
  const second = recordingPublisher();
  await caughtUp(bed, startRelay(t, bed, second));

  t.deepEqual([...publishedIds(first), ...publishedIds(second)], await storedUserEventIds(bed));
  t.true(publishedIds(second).length >= 2);
});

test('erasure is published with a tombstone after it; earlier events published later read as erased', async (t) => {
  const bed = await commandTestbed(t);
  const { asAdmin, grace } = await population(bed);
  await bed.commands.deleteUser({ userId: grace.userId }, asAdmin);
  await bed.commands.erasePersonalData({ userId: grace.userId }, asAdmin);
  const publisher = recordingPublisher();
  await caughtUp(bed, startRelay(t, bed, publisher));

  const graces = publisher.sent.filter((message) => message.key === grace.userId);
  t.is(graces.at(-1)!.value, null);
  t.is(graces.at(-2)!.headers['event-type'], 'PersonalDataErased');
  const history = JSON.stringify(graces);
  t.false(history.includes('grace@example.com') || history.includes('Grace'));
  t.true(history.includes('[erased]'));
  t.is(
    graces.length,
    (await bed.deps.store.readStream(userStream(grace.userId))).length + 1,
    'one record per event, plus the tombstone',
  );
});
