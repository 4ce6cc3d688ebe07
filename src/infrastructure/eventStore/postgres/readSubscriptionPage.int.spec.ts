import { setTimeout as delay } from 'node:timers/promises';
import test from 'ava';
import type { DatabasePool } from 'slonik';
import { holdOlderTransaction } from '../../../../test/support/olderTransaction.js';
import { freshDatabase } from '../../../../test/support/freshDatabase.js';
import { freshPostgresStore } from '../../../../test/support/postgresStore.js';
import { newEvent } from '../eventStore.contract.js';
import type { EventStore, ReadAllOptions } from '../eventStore.js';
import { readSubscriptionPage } from './readEvents.js';

const append = (store: EventStore, streamId: string) =>
  store.appendToStreams([{ streamId, expectedRevision: 'any', events: [newEvent('Counted', {})] }]);

type Page = Awaited<ReturnType<typeof readSubscriptionPage>>;
const seen = (page: Page) => [page.events.map((event) => event.streamId), page.heldBack];

/**
 * The page once nothing is held back, as a subscriber would read it again. The watermark counts a
 * transaction that has just ended, in any database of the cluster, as still running: another test's,
 * ending while a page is read, may hold events back for that one read.
 */
async function settledPage(pool: DatabasePool, options: ReadAllOptions): Promise<Page> {
  let page = await readSubscriptionPage(pool, options);
  for (let attempt = 0; page.heldBack && attempt < 100; attempt += 1) {
    await delay(10);
    page = await readSubscriptionPage(pool, options);
  }
  return page;
}

// Serial: each test's open transaction would otherwise end while the others read.
test.serial(
  'a page reports nothing held back when every committed event is visible, also those outside its streams',
  async (t) => {
    const { store, pool } = await freshPostgresStore(t);
    const user = await append(store, 'user-a');
    await append(store, 'reservation-x');

    const page = await settledPage(pool, { after: user.position, limit: 10, streamPrefixes: ['user-'] });

    t.deepEqual(seen(page), [[], false]);
  },
);

test.serial('a page, empty or not, reports events held back behind an older open transaction', async (t) => {
  const { store, pool } = await freshPostgresStore(t);
  const early = await append(store, 'user-early');
  const older = holdOlderTransaction(pool);
  await older.started;
  await append(store, 'user-late');

  const first = await readSubscriptionPage(pool, { after: 0n, limit: 10 });
  const empty = await readSubscriptionPage(pool, { after: early.position, limit: 10 });
  older.end();
  await older.ended;
  const afterwards = await settledPage(pool, { after: early.position, limit: 10 });

  t.deepEqual(seen(first), [['user-early'], true]);
  t.deepEqual(seen(empty), [[], true]);
  t.deepEqual(seen(afterwards), [['user-late'], false]);
});

test.serial('a transaction left open in another database holds nothing back', async (t) => {
  const { store, pool } = await freshPostgresStore(t);
  const elsewhere = await freshDatabase();
  t.teardown(elsewhere.drop);
  const older = holdOlderTransaction(elsewhere.pool);
  await older.started;
  await append(store, 'user-late');

  const page = await settledPage(pool, { after: 0n, limit: 10 });
  older.end();
  await older.ended;

  t.deepEqual(seen(page), [['user-late'], false]);
});

test.serial('a page holds at most its limit of events, in position order', async (t) => {
  const { store, pool } = await freshPostgresStore(t);
  for (const streamId of ['user-1', 'user-2', 'user-3']) await append(store, streamId);

  const page = await settledPage(pool, { after: 0n, limit: 2 });

  t.deepEqual(seen(page), [['user-1', 'user-2'], false]);
});
