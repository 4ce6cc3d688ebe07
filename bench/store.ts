/**
 * Throughput of the PostgreSQL event store against the server's plain insert rate, on the local
 * server, in a fresh database. Store-level events with small JSON payloads; nothing from the domain.
 * Run with `npm run bench:store`. Figures depend on the machine: compare ratios, not absolutes.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { DatabasePool } from 'slonik';
import type { EventStore, NewEvent, RecordedEvent } from '../src/infrastructure/eventStore/eventStore.js';
import { createPostgresEventStore } from '../src/infrastructure/eventStore/postgres/postgresEventStore.js';
import { createPostgresSnapshotStore } from '../src/infrastructure/eventStore/postgres/postgresSnapshotStore.js';
import type { SnapshotStore } from '../src/infrastructure/eventStore/snapshotStore.js';
import { newEvent } from '../src/infrastructure/eventStore/eventStore.contract.js';
import { sql } from '../src/infrastructure/postgres/sql.js';
import { freshDatabase } from '../test/support/freshDatabase.js';

const WRITERS = 8;
const PHASE_MS = 3_000;
const LONG_STREAM = 10_000;

async function main(): Promise<void> {
  const database = await freshDatabase({ maxPoolSize: WRITERS + 2 });
  const store = createPostgresEventStore(database.pool);
  const snapshots = createPostgresSnapshotStore(database.pool);
  try {
    // The baseline is taken before and after the appends, so drift on a shared machine evens out.
    const insertRaw = await rawInserter(database.pool);
    const rawBefore = await perSecond(WRITERS, insertRaw);
    const newStreams = await perSecond(WRITERS, () => append(store, `bench-${randomUUID()}`, 'no_stream'));
    const existing = await perSecond(WRITERS, existingStreamWriter(store));
    const raw = (rawBefore + (await perSecond(WRITERS, insertRaw))) / 2;
    report('raw single-row INSERT/s (8 writers)', raw);
    report('appends/s, one event, new stream each (8 writers)', newStreams, raw);
    report('appends/s, one event, existing streams, exact revision (8 writers)', existing, raw);

    const hot = `hot-${randomUUID()}`;
    await append(store, hot, 'no_stream');
    report(
      'appends/s, one hot stream, any (8 writers)',
      await perSecond(WRITERS, () => append(store, hot, 'any')),
    );

    const fifty = `read-${randomUUID()}`;
    await store.appendToStreams([{ streamId: fifty, expectedRevision: 'no_stream', events: events(50) }]);
    report(
      'reads/s of a 50-event stream (8 readers)',
      await perSecond(WRITERS, () => store.readStream(fifty)),
    );

    await compareLoadCosts(store, snapshots);
  } finally {
    await store.close();
    await database.drop();
  }
}

async function rawInserter(pool: DatabasePool) {
  await pool.query(sql.typeAlias('void')`
    create table bench_raw (id bigint generated always as identity primary key, body jsonb not null)
  `);
  return () =>
    pool.query(sql.typeAlias('void')`insert into bench_raw (body) values (${JSON.stringify(payload())})`);
}

/** Each writer owns its streams, so it knows their revisions, as a command handler that just loaded one. */
function existingStreamWriter(store: EventStore) {
  const revisions = new Map<string, bigint>();
  return async (writer: number) => {
    const streamId = `many-${writer}-${Math.floor(Math.random() * 200)}`;
    const revision = revisions.get(streamId);
    const { nextRevisions } = await append(store, streamId, revision ?? 'no_stream');
    revisions.set(streamId, nextRevisions[0]!);
  };
}

/** Loading = newest snapshot + the events after it, folded: a 10,000-event stream vs a new one. */
async function compareLoadCosts(store: EventStore, snapshots: SnapshotStore): Promise<void> {
  const long = `long-${randomUUID()}`;
  for (let revision = -1n; revision < BigInt(LONG_STREAM - 1); revision += 1_000n) {
    await store.appendToStreams([
      { streamId: long, expectedRevision: revision < 0n ? 'no_stream' : revision, events: events(1_000) },
    ]);
  }
  const fresh = `new-${randomUUID()}`;
  await append(store, fresh, 'no_stream');
  const folded = await load(store, snapshots, long);
  await snapshots.save(long, folded.revision, JSON.stringify({ ...folded, revision: undefined }));

  const newCost = await meanMs(() => load(store, snapshots, fresh));
  const snapshotCost = await meanMs(() => load(store, snapshots, long));
  const replayCost = await meanMs(() => load(store, null, long), 1_000);
  console.log(`load, new stream:                  ${newCost.toFixed(2)} ms`);
  console.log(
    `load, ${LONG_STREAM} events + snapshot:    ${snapshotCost.toFixed(2)} ms  (x${(snapshotCost / newCost).toFixed(2)} of new)`,
  );
  console.log(
    `load, ${LONG_STREAM} events, no snapshot:  ${replayCost.toFixed(2)} ms  (x${(replayCost / newCost).toFixed(1)} of new)`,
  );
}

type Folded = { revision: bigint; count: number; lastType: string | null };

async function load(store: EventStore, snapshots: SnapshotStore | null, streamId: string): Promise<Folded> {
  const snapshot = await snapshots?.load(streamId);
  const start: Folded = snapshot
    ? { ...(JSON.parse(snapshot.state) as Folded), revision: snapshot.revision }
    : { revision: -1n, count: 0, lastType: null };
  const tail = await store.readStream(streamId, { fromRevision: start.revision + 1n });
  return tail.reduce(
    (state: Folded, event: RecordedEvent) => ({
      revision: event.revision,
      count: state.count + 1,
      lastType: event.type,
    }),
    start,
  );
}

function append(store: EventStore, streamId: string, expectedRevision: 'no_stream' | 'any' | bigint) {
  return store.appendToStreams([{ streamId, expectedRevision, events: events(1) }]);
}

function events(count: number): NewEvent[] {
  return Array.from({ length: count }, () => newEvent('BenchmarkRecorded', payload()));
}

const payload = () => ({ value: Math.random(), label: 'benchmark', tags: ['a', 'b'] });

/** Operations per second over PHASE_MS, with `workers` loops running concurrently. */
async function perSecond(workers: number, operation: (worker: number) => Promise<unknown>): Promise<number> {
  const until = performance.now() + PHASE_MS;
  const counts = await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      let count = 0;
      while (performance.now() < until) {
        await operation(worker);
        count += 1;
      }
      return count;
    }),
  );
  return counts.reduce((sum, count) => sum + count, 0) / (PHASE_MS / 1_000);
}

async function meanMs(operation: () => Promise<unknown>, budgetMs = 2_000): Promise<number> {
  await operation();
  const start = performance.now();
  let runs = 0;
  while (performance.now() - start < budgetMs) {
    await operation();
    runs += 1;
  }
  return (performance.now() - start) / runs;
}

function report(label: string, value: number, raw?: number): void {
  const ratio = raw === undefined ? '' : `  (x${(value / raw).toFixed(2)} of raw)`;
  console.log(`${label.padEnd(68)} ${Math.round(value).toString().padStart(7)}${ratio}`);
}

await main();
