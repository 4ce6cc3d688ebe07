import type { ExecutionContext } from 'ava';
import test from 'ava';
import { randomUUID } from 'node:crypto';
import { collectEvents } from '../../../../test/support/collectEvents.js';
import { freshPostgresStore } from '../../../../test/support/postgresStore.js';
import { sql } from '../../postgres/sql.js';
import { newEvent, runEventStoreContract } from '../eventStore.contract.js';
import { DuplicateEventIdError, ExpectedRevisionConflictError } from '../eventStore.js';
import { verifyChain } from '../hashChain.js';
import { createPostgresEventStore } from './postgresEventStore.js';

runEventStoreContract(
  test,
  async (t, { clock }) => (await freshPostgresStore(t, { store: { clock } })).store,
);

const setUp = async (t: ExecutionContext) => {
  const { store, pool } = await freshPostgresStore(t);
  return { store, pool, streamId: `test-${randomUUID()}` };
};

test('an event edited in the table breaks the hash chain at exactly that event', async (t) => {
  const { store, pool, streamId } = await setUp(t);
  const events = [0, 1, 2, 3, 4].map((n) => newEvent('Counted', { n }));
  await store.appendToStreams([{ streamId, expectedRevision: 'no_stream', events }]);

  await pool.query(sql.typeAlias('void')`
    update events set data = '{"n": 200}' where stream_id = ${streamId} and stream_revision = 2
  `);

  t.like(verifyChain(await store.readStream(streamId)), {
    revision: 2n,
    eventId: events[2]!.eventId,
    reason: 'hash-mismatch',
  });
});

test('headPosition is 0 for an empty store', async (t) => {
  const { store } = await setUp(t);

  t.is(await store.headPosition(), 0n);
});

test('an append that repeats only some stored event ids is refused', async (t) => {
  const { store, streamId } = await setUp(t);
  const stored = newEvent('Opened');
  await store.appendToStreams([{ streamId, expectedRevision: 'no_stream', events: [stored] }]);

  const error = await t.throwsAsync(
    store.appendToStreams([{ streamId, expectedRevision: 'any', events: [stored, newEvent('Renamed')] }]),
    { instanceOf: DuplicateEventIdError },
  );

  t.is(error?.eventId, stored.eventId);
  t.is(await store.streamRevision(streamId), 0n);
});

test('an event id stored in another stream is refused', async (t) => {
  const { store, streamId } = await setUp(t);
  const event = newEvent('Opened');
  await store.appendToStreams([{ streamId, expectedRevision: 'no_stream', events: [event] }]);

  await t.throwsAsync(
    store.appendToStreams([
      { streamId: `test-${randomUUID()}`, expectedRevision: 'no_stream', events: [event] },
    ]),
    { instanceOf: DuplicateEventIdError },
  );
});

test('of two concurrent first appends to a stream, one wins and the other conflicts', async (t) => {
  const { store, streamId } = await setUp(t);
  const append = () =>
    store.appendToStreams([{ streamId, expectedRevision: 'no_stream', events: [newEvent('Opened')] }]);

  const results = await Promise.allSettled([append(), append(), append(), append()]);

  t.is(results.filter((result) => result.status === 'fulfilled').length, 1);
  for (const result of results) {
    if (result.status === 'rejected') t.true(result.reason instanceof ExpectedRevisionConflictError);
  }
  t.is(await store.streamRevision(streamId), 0n);
});

test('concurrent appends with any to one stream all land, in a gapless revision sequence', async (t) => {
  const { store, streamId } = await setUp(t);

  await Promise.all(
    Array.from({ length: 12 }, () =>
      store.appendToStreams([{ streamId, expectedRevision: 'any', events: [newEvent('Counted')] }]),
    ),
  );

  const events = await store.readStream(streamId);
  t.deepEqual(
    events.map((event) => event.revision),
    [...Array(12).keys()].map(BigInt),
  );
  t.is(verifyChain(events), null);
});

// With polling far off, only a wake-up delivers within the wait. The listener's connection wakes
// each subscription once, when it is made, so only the third of three appends proves the path.
const NO_POLLING = { pollIntervalMs: 600_000 };

test("a subscription is woken by another process's append through its notification", async (t) => {
  const { store, pool } = await freshPostgresStore(t, { store: NO_POLLING });
  const otherProcess = createPostgresEventStore(pool, NO_POLLING);
  t.teardown(() => otherProcess.close());
  const collector = collectEvents(store, { after: 0n });
  t.teardown(() => collector.subscription.stop());
  for (let count = 1; count <= 3; count += 1) {
    await otherProcess.appendToStreams([
      { streamId: `test-${randomUUID()}`, expectedRevision: 'no_stream', events: [newEvent('Counted', {})] },
    ]);
    await collector.waitFor(count, 5_000);
  }
  t.is(collector.events.length, 3);
});
