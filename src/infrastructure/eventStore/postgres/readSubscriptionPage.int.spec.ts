import test from 'ava';
import { holdOlderTransaction } from '../../../../test/support/olderTransaction.js';
import { freshDatabase } from '../../../../test/support/freshDatabase.js';
import { freshPostgresStore } from '../../../../test/support/postgresStore.js';
import { newEvent } from '../eventStore.contract.js';
import type { EventStore } from '../eventStore.js';
import { readSubscriptionPage } from './readEvents.js';

const append = (store: EventStore, streamId: string) =>
  store.appendToStreams([{ streamId, expectedRevision: 'any', events: [newEvent('Counted', {})] }]);

const streamsOf = (page: Awaited<ReturnType<typeof readSubscriptionPage>>) =>
  page.events.map((event) => event.streamId);

test('a page reports nothing held back when every committed event is visible, also those outside its streams', async (t) => {
  const { store, pool } = await freshPostgresStore(t);
  const user = await append(store, 'user-a');
  await append(store, 'reservation-x');

  const page = await readSubscriptionPage(pool, {
    after: user.position,
    limit: 10,
    streamPrefixes: ['user-'],
  });

  t.deepEqual(page, { events: [], heldBack: false });
});

test('a page, empty or not, reports events held back behind an older open transaction', async (t) => {
  const { store, pool } = await freshPostgresStore(t);
  const early = await append(store, 'user-early');
  const older = holdOlderTransaction(pool);
  await older.started;
  await append(store, 'user-late');

  const first = await readSubscriptionPage(pool, { after: 0n, limit: 10 });
  const empty = await readSubscriptionPage(pool, { after: early.position, limit: 10 });
  older.end();
  await older.ended;
  const afterwards = await readSubscriptionPage(pool, { after: early.position, limit: 10 });

  t.deepEqual([streamsOf(first), first.heldBack], [['user-early'], true]);
  t.deepEqual([streamsOf(empty), empty.heldBack], [[], true]);
  t.deepEqual([streamsOf(afterwards), afterwards.heldBack], [['user-late'], false]);
});

test('a transaction left open in another database holds nothing back', async (t) => {
  const { store, pool } = await freshPostgresStore(t);
  const elsewhere = await freshDatabase();
  t.teardown(elsewhere.drop);
  const older = holdOlderTransaction(elsewhere.pool);
  await older.started;
  await append(store, 'user-late');

  const page = await readSubscriptionPage(pool, { after: 0n, limit: 10 });
  const read = await store.readAll({ after: 0n, limit: 10 });
  older.end();
  await older.ended;

  t.deepEqual([streamsOf(page), page.heldBack], [['user-late'], false]);
  t.deepEqual(
    read.map((event) => event.streamId),
    ['user-late'],
  );
});

test('a page holds at most its limit of events, in position order', async (t) => {
  const { store, pool } = await freshPostgresStore(t);
  for (const streamId of ['user-1', 'user-2', 'user-3']) await append(store, streamId);

  const page = await readSubscriptionPage(pool, { after: 0n, limit: 2 });

  t.deepEqual(streamsOf(page), ['user-1', 'user-2']);
  t.deepEqual(
    page.events.map((event) => event.position),
    [...page.events.map((event) => event.position)].sort((a, b) => (a < b ? -1 : 1)),
  );
});
