import test from 'ava';
import { holdOlderTransaction } from '../../../../test/support/olderTransaction.js';
import { freshPostgresStore } from '../../../../test/support/postgresStore.js';
import { newEvent } from '../eventStore.contract.js';
import type { EventStore, RecordedEvent } from '../eventStore.js';
import { eventsThroughCommitted, HeldBackError, pagesThroughCommitted } from '../pagesThroughCommitted.js';

const append = (store: EventStore, streamId: string, count = 1) =>
  store.appendToStreams([
    {
      streamId,
      expectedRevision: 'any',
      events: Array.from({ length: count }, () => newEvent('Counted', {})),
    },
  ]);

async function readEverything(pages: AsyncGenerator<RecordedEvent[]>) {
  const sizes: number[] = [];
  const events: RecordedEvent[] = [];
  for await (const page of pages) {
    sizes.push(page.length);
    events.push(...page);
  }
  return { sizes, streamIds: events.map((event) => event.streamId) };
}

test('pages through the log and ends, also when its newest events are outside the streams asked for', async (t) => {
  const { store } = await freshPostgresStore(t);
  await append(store, 'user-a', 3);
  await append(store, 'user-b', 2);
  await append(store, 'reservation-x');

  const { sizes, streamIds } = await readEverything(
    pagesThroughCommitted(store, { after: 0n, limit: 2, streamPrefixes: ['user-'] }),
  );

  t.deepEqual(sizes, [2, 2, 1]);
  t.deepEqual(streamIds, ['user-a', 'user-a', 'user-a', 'user-b', 'user-b']);
});

test('waits for events committed before it began but held back behind an older open transaction', async (t) => {
  const { store, pool } = await freshPostgresStore(t);
  await append(store, 'user-early');
  const older = holdOlderTransaction(pool);
  await older.started;
  await append(store, 'user-late');
  // (Only the late one's absence is certain: a transaction that just ended elsewhere in the cluster
  // may still count as running for a moment, holding back the early one too.)
  const visible = await store.readAll({ after: 0n, limit: 10 });
  t.false(
    visible.some((event) => event.streamId === 'user-late'),
    'the late event is held back',
  );

  // The older transaction ends only once a page has come back empty.
  const { streamIds } = await readEverything(
    pagesThroughCommitted(
      {
        ...store,
        async readAll(options) {
          const page = await store.readAll(options);
          if (page.length === 0) older.end();
          return page;
        },
      },
      { after: 0n, limit: 10 },
    ),
  );
  await older.ended;

  t.deepEqual(streamIds, ['user-early', 'user-late']);
});

test('ends without waiting for events committed after it began', async (t) => {
  const { store, pool } = await freshPostgresStore(t);
  await append(store, 'user-a');
  const pages = pagesThroughCommitted(store, { after: 0n, limit: 10 });
  const first = await pages.next();
  const older = holdOlderTransaction(pool);
  await older.started;
  await append(store, 'user-late');

  const rest = await readEverything(pages);
  older.end();
  await older.ended;

  t.deepEqual(
    first.value?.map((event: RecordedEvent) => event.streamId),
    ['user-a'],
  );
  t.deepEqual(rest.streamIds, []);
});

test('gives up with HeldBackError when an older transaction stays open too long', async (t) => {
  const { store, pool } = await freshPostgresStore(t);
  const older = holdOlderTransaction(pool);
  await older.started;
  t.teardown(async () => {
    older.end();
    await older.ended;
  });
  await append(store, 'user-late');

  const error = await t.throwsAsync(
    eventsThroughCommitted(store, { after: 0n, limit: 10 }, { heldBackTimeoutMs: 100 }),
    { instanceOf: HeldBackError },
  );
  t.regex(error.message, /idle in transaction/);
});
