import test from 'ava';
import { randomInt, randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { DatabasePool, Interceptor } from 'slonik';
import { collectEvents } from '../../../../test/support/collectEvents.js';
import { freshPostgresStore } from '../../../../test/support/postgresStore.js';
import { sql } from '../../postgres/sql.js';
import { newEvent } from '../eventStore.contract.js';
import type { EventStore, StreamWrite } from '../eventStore.js';

const WRITERS = 16;
const APPENDS_PER_WRITER = 20;

/** Keeps transactions open after each statement, so they commit in a different order than they began. */
const holdTransactionsOpen: Interceptor = {
  name: 'holdTransactionsOpen',
  afterQueryExecution: async (context) => {
    if (context.transactionId !== null) await delay(randomInt(0, 15));
    return null;
  },
};

test('subscribers receive every event once, in position order, while transactions commit out of order', async (t) => {
  const { store, pool } = await freshPostgresStore(t, {
    database: { maxPoolSize: WRITERS + 4, interceptors: [holdTransactionsOpen] },
    store: { pollIntervalMs: 100, batchSize: 50 },
  });
  const fromTheStart = collectEvents(store, { after: 0n });

  const appending = Array.from({ length: WRITERS }, (_, writer) => runWriter(store, writer));
  const stalling = holdWatermarkBack(pool);
  const catchingUp = (async () => {
    await fromTheStart.waitFor(WRITERS * 5);
    return collectEvents(store, { after: 0n });
  })();
  const appended = (await Promise.all(appending)).flat();
  await stalling;
  const lateStarter = await catchingUp;

  const expected = appended.flatMap((append) => append.eventIds);
  for (const collector of [fromTheStart, lateStarter]) {
    const events = await collector.waitFor(expected.length, 30_000);
    await collector.subscription.stop();
    t.is(new Set(events.map((event) => event.eventId)).size, events.length, 'no event twice');
    t.deepEqual(events.map((event) => event.eventId).sort(), [...expected].sort(), 'every event');
    t.true(
      events.every((event, index) => index === 0 || event.position > events[index - 1]!.position),
      'increasing positions',
    );
  }
  // The race this test is about did happen: some append finished before another with a lower position.
  t.true(countInversions(appended.map((append) => append.position)) > 0);
});

type Appended = { eventIds: string[]; position: bigint };

/** Appends to its own stream, to a hot stream shared by all writers, or to both in one transaction. */
async function runWriter(store: EventStore, writer: number): Promise<Appended[]> {
  const own = `writer${writer}-${randomUUID()}`;
  const hot = 'hot-stream';
  const appended: Appended[] = [];
  for (let index = 0; index < APPENDS_PER_WRITER; index += 1) {
    const write = (streamId: string): StreamWrite => ({
      streamId,
      expectedRevision: 'any',
      events: [newEvent('Counted', { writer, index })],
    });
    const choice = randomInt(0, 10);
    const writes = choice < 5 ? [write(own)] : choice < 8 ? [write(own), write(hot)] : [write(hot)];
    const { position } = await store.appendToStreams(writes);
    appended.push({ eventIds: writes.flatMap((w) => w.events.map((event) => event.eventId)), position });
  }
  return appended;
}

/** A transaction that takes an id and sleeps: until it ends, nothing above it may be delivered. */
async function holdWatermarkBack(pool: DatabasePool): Promise<void> {
  for (let round = 0; round < 3; round += 1) {
    await pool.transaction(async (transaction) => {
      await transaction.query(sql.typeAlias('void')`select from pg_current_xact_id()`);
      await transaction.query(sql.typeAlias('void')`select from pg_sleep(0.2)`);
    });
  }
}

/** Pairs in completion order whose positions are the other way round. */
function countInversions(positionsInCompletionOrder: bigint[]): number {
  let inversions = 0;
  let highest = -1n;
  for (const position of positionsInCompletionOrder) {
    if (position < highest) inversions += 1;
    else highest = position;
  }
  return inversions;
}
