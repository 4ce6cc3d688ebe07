import type { ExecutionContext } from 'ava';
import { randomUUID } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import { manualClock } from '../../../test/support/clock.js';
import { collectEvents } from '../../../test/support/collectEvents.js';
import type { EventStore, RecordedEvent, NewEvent } from './eventStore.js';
import { ExpectedRevisionConflictError } from './eventStore.js';
import { verifyChain } from './hashChain.js';
import { eventsThroughCommitted, pagesThroughCommitted } from './pagesThroughCommitted.js';

async function allPages(pages: AsyncIterable<RecordedEvent[]>): Promise<RecordedEvent[][]> {
  const read: RecordedEvent[][] = [];
  for await (const page of pages) read.push(page);
  return read;
}

export type StoreOptions = { clock: () => Date };
export type MakeStore = (t: ExecutionContext, options: StoreOptions) => Promise<EventStore>;
/** `test`, `test.serial` or `test.skip` from ava. */
export type RegisterTest = (title: string, implementation: (t: ExecutionContext) => Promise<void>) => void;

/**
 * The behaviour every EventStore adapter promises. Each test uses streams of its own category,
 * so the suite also runs against a shared server (EventStoreDB) without seeing other tests' events.
 */
export function runEventStoreContract(test: RegisterTest, makeStore: MakeStore): void {
  const setUp = async (t: ExecutionContext) => {
    const clock = manualClock();
    const store = await makeStore(t, { clock: clock.now });
    const category = `test${randomUUID().slice(0, 8)}`;
    const newStream = () => `${category}-${randomUUID()}`;
    return { store, clock, category, newStream };
  };

  test('appended events read back in order with their data, metadata and revisions', async (t) => {
    const { store, newStream } = await setUp(t);
    const streamId = newStream();
    const events = [
      newEvent('Opened', { n: 1 }),
      newEvent('Renamed', { name: 'Zoë', nested: { b: 2, a: [1] } }),
    ];

    const result = await store.appendToStreams([{ streamId, expectedRevision: 'no_stream', events }]);

    const read = await store.readStream(streamId);
    t.deepEqual(result.nextRevisions, [1n]);
    t.deepEqual(
      read.map(({ eventId, type, data, metadata, streamId: id, revision }) => ({
        eventId,
        type,
        data,
        metadata,
        streamId: id,
        revision,
      })),
      events.map((event, index) => ({ ...event, streamId, revision: BigInt(index) })),
    );
    t.is(read.at(-1)?.position, result.position);
    t.true(read[0]!.position < read[1]!.position);
  });

  test('no_stream refuses a stream that already has events', async (t) => {
    const { store, newStream } = await setUp(t);
    const streamId = newStream();
    await store.appendToStreams([{ streamId, expectedRevision: 'no_stream', events: [newEvent('Opened')] }]);

    const error = await t.throwsAsync(
      store.appendToStreams([{ streamId, expectedRevision: 'no_stream', events: [newEvent('Opened')] }]),
      { instanceOf: ExpectedRevisionConflictError },
    );
    t.like(error, { streamId, expected: 'no_stream', actual: 0n });
  });

  test('stream_exists refuses a stream without events and accepts one with', async (t) => {
    const { store, newStream } = await setUp(t);
    const streamId = newStream();

    const error = await t.throwsAsync(
      store.appendToStreams([{ streamId, expectedRevision: 'stream_exists', events: [newEvent('Renamed')] }]),
      { instanceOf: ExpectedRevisionConflictError },
    );
    await store.appendToStreams([{ streamId, expectedRevision: 'no_stream', events: [newEvent('Opened')] }]);
    const result = await store.appendToStreams([
      { streamId, expectedRevision: 'stream_exists', events: [newEvent('Renamed')] },
    ]);

    t.like(error, { streamId, expected: 'stream_exists', actual: -1n });
    t.deepEqual(result.nextRevisions, [1n]);
  });

  test('an exact expected revision refuses a stale one and reports the actual revision', async (t) => {
    const { store, newStream } = await setUp(t);
    const streamId = newStream();
    await store.appendToStreams([
      { streamId, expectedRevision: 'no_stream', events: [newEvent('Opened'), newEvent('Renamed')] },
    ]);

    const error = await t.throwsAsync(
      store.appendToStreams([{ streamId, expectedRevision: 0n, events: [newEvent('Renamed')] }]),
      { instanceOf: ExpectedRevisionConflictError },
    );
    const result = await store.appendToStreams([
      { streamId, expectedRevision: 1n, events: [newEvent('Renamed')] },
    ]);

    t.like(error, { streamId, expected: 0n, actual: 1n });
    t.deepEqual(result.nextRevisions, [2n]);
  });

  test('any appends whatever revision the stream is at, including none', async (t) => {
    const { store, newStream } = await setUp(t);
    const streamId = newStream();

    await store.appendToStreams([{ streamId, expectedRevision: 'any', events: [newEvent('Opened')] }]);
    const result = await store.appendToStreams([
      { streamId, expectedRevision: 'any', events: [newEvent('Renamed')] },
    ]);

    t.deepEqual(result.nextRevisions, [1n]);
    t.is(await store.streamRevision(streamId), 1n);
  });

  test('retrying an append with the same event ids returns the stored result and writes nothing', async (t) => {
    const { store, newStream } = await setUp(t);
    const streamId = newStream();
    const write = {
      streamId,
      expectedRevision: 'no_stream' as const,
      events: [newEvent('Opened'), newEvent('Renamed')],
    };
    const first = await store.appendToStreams([write]);
    await store.appendToStreams([{ streamId, expectedRevision: 1n, events: [newEvent('Renamed')] }]);

    const retried = await store.appendToStreams([write]);

    t.deepEqual(retried, first);
    t.is((await store.readStream(streamId)).length, 3);
  });

  test('a multi-stream append writes every stream', async (t) => {
    const { store, newStream } = await setUp(t);
    const [reservation, user] = [newStream(), newStream()];
    await store.appendToStreams([
      { streamId: user, expectedRevision: 'no_stream', events: [newEvent('Opened')] },
    ]);

    const result = await store.appendToStreams([
      { streamId: reservation, expectedRevision: 'no_stream', events: [newEvent('Reserved')] },
      { streamId: user, expectedRevision: 0n, events: [newEvent('Renamed'), newEvent('Renamed')] },
    ]);

    t.deepEqual(result.nextRevisions, [0n, 2n]);
    const [reserved, renamed] = [await store.readStream(reservation), await store.readStream(user)];
    t.is(reserved.length, 1);
    t.is(renamed.length, 3);
    t.is(result.position, renamed.at(-1)!.position);
  });

  test('a multi-stream append with one conflicting stream leaves every stream as it was', async (t) => {
    const { store, newStream } = await setUp(t);
    const [reservation, user] = [newStream(), newStream()];
    await store.appendToStreams([
      { streamId: user, expectedRevision: 'no_stream', events: [newEvent('Opened')] },
    ]);

    await t.throwsAsync(
      store.appendToStreams([
        { streamId: reservation, expectedRevision: 'no_stream', events: [newEvent('Reserved')] },
        { streamId: user, expectedRevision: 5n, events: [newEvent('Renamed')] },
      ]),
      { instanceOf: ExpectedRevisionConflictError },
    );

    t.deepEqual(await store.readStream(reservation), []);
    t.is(await store.streamRevision(reservation), -1n);
    t.is((await store.readStream(user)).length, 1);
  });

  test('readStream returns the requested revision range', async (t) => {
    const { store, newStream } = await setUp(t);
    const streamId = newStream();
    await store.appendToStreams([
      {
        streamId,
        expectedRevision: 'no_stream',
        events: [1, 2, 3, 4, 5].map((n) => newEvent('Counted', { n })),
      },
    ]);

    const range = await store.readStream(streamId, { fromRevision: 1n, toRevision: 3n });
    const tail = await store.readStream(streamId, { fromRevision: 3n });

    t.deepEqual(
      range.map((event) => event.revision),
      [1n, 2n, 3n],
    );
    t.deepEqual(
      tail.map((event) => event.revision),
      [3n, 4n],
    );
    t.deepEqual(await store.readStream(newStream()), []);
  });

  test('readStream until returns the stream as it was at that moment', async (t) => {
    const { store, clock, newStream } = await setUp(t);
    const streamId = newStream();
    await store.appendToStreams([{ streamId, expectedRevision: 'no_stream', events: [newEvent('Opened')] }]);
    clock.advance(60_000);
    const moment = clock.now();
    clock.advance(60_000);
    await store.appendToStreams([{ streamId, expectedRevision: 0n, events: [newEvent('Renamed')] }]);

    const then = await store.readStream(streamId, { until: moment });

    t.deepEqual(
      then.map((event) => event.type),
      ['Opened'],
    );
    t.is((await store.readStream(streamId))[1]?.recordedAt.getTime(), moment.getTime() + 60_000);
  });

  test('recordedAt never goes backwards within a stream, even when the clock does', async (t) => {
    const { store, clock, newStream } = await setUp(t);
    const streamId = newStream();
    await store.appendToStreams([{ streamId, expectedRevision: 'no_stream', events: [newEvent('Opened')] }]);
    clock.advance(-3_600_000);
    await store.appendToStreams([{ streamId, expectedRevision: 0n, events: [newEvent('Renamed')] }]);

    const [opened, renamed] = await store.readStream(streamId);

    t.true(renamed!.recordedAt.getTime() >= opened!.recordedAt.getTime());
  });

  test('streamRevision is -1 for a stream without events, then its last revision', async (t) => {
    const { store, newStream } = await setUp(t);
    const streamId = newStream();
    const before = await store.streamRevision(streamId);
    await store.appendToStreams([
      { streamId, expectedRevision: 'no_stream', events: [newEvent('Opened'), newEvent('Renamed')] },
    ]);

    t.is(before, -1n);
    t.is(await store.streamRevision(streamId), 1n);
  });

  test('readAll pages forward through the log in position order', async (t) => {
    const { store, category, newStream } = await setUp(t);
    const appended = await appendMany(store, [newStream(), newStream(), newStream()], 3);
    const streamPrefixes = [`${category}-`];

    // PostgreSQL may hold committed events back for a moment (behind another test's transaction):
    // pagesThroughCommitted pages with readAll until it has read everything committed before it began.
    const pages = await allPages(pagesThroughCommitted(store, { after: 0n, limit: 4, streamPrefixes }));

    const read = pages.flat();
    t.true(pages.every((page) => page.length <= 4));
    t.deepEqual(
      read.map((event) => event.eventId),
      appended,
    );
    t.true(read.every((event, index) => index === 0 || event.position > read[index - 1]!.position));
  });

  test('readAll returns only the streams whose ids start with a given prefix', async (t) => {
    const { store, category } = await setUp(t);
    const users = await appendMany(store, [`${category}user-${randomUUID()}`], 2);
    const reservations = await appendMany(store, [`${category}reservation-${randomUUID()}`], 2);
    await appendMany(store, [`${category}other-${randomUUID()}`], 2);

    const read = await eventsThroughCommitted(store, {
      after: 0n,
      limit: 100,
      streamPrefixes: [`${category}user-`, `${category}reservation-`],
    });

    t.deepEqual(
      read.map((event) => event.eventId),
      [...users, ...reservations],
    );
  });

  test('a subscription delivers past events, then live ones, once each and in position order', async (t) => {
    const { store, category, newStream } = await setUp(t);
    const past = await appendMany(store, [newStream(), newStream()], 2);
    const collector = collectEvents(store, { after: 0n, streamPrefixes: [`${category}-`] });
    t.teardown(() => collector.subscription.stop());

    await collector.waitFor(4);
    const live = await appendMany(store, [newStream()], 3);
    const events = await collector.waitFor(7);

    t.deepEqual(
      events.map((event) => event.eventId),
      [...past, ...live],
    );
    t.true(events.every((event, index) => index === 0 || event.position > events[index - 1]!.position));
  });

  test('a subscription resumes after the position it is given', async (t) => {
    const { store, category, newStream } = await setUp(t);
    const [first, ...rest] = await appendMany(store, [newStream()], 3);
    const firstPage = await pagesThroughCommitted(store, {
      after: 0n,
      limit: 1,
      streamPrefixes: [`${category}-`],
    }).next();
    const [checkpoint] = firstPage.value ?? [];
    t.is(checkpoint?.eventId, first);

    const collector = collectEvents(store, { after: checkpoint!.position, streamPrefixes: [`${category}-`] });
    t.teardown(() => collector.subscription.stop());

    t.deepEqual(
      (await collector.waitFor(2)).map((event) => event.eventId),
      rest,
    );
  });

  test('stop waits for the event in hand and delivers nothing after it', async (t) => {
    const { store, category, newStream } = await setUp(t);
    await appendMany(store, [newStream()], 3);
    const started = Promise.withResolvers<void>();
    const release = Promise.withResolvers<void>();
    const collector = collectEvents(store, { after: 0n, streamPrefixes: [`${category}-`] }, async () => {
      started.resolve();
      await release.promise;
    });

    await started.promise;
    let stopped = false;
    const stopping = collector.subscription.stop().then(() => (stopped = true));
    await Promise.resolve();
    t.false(stopped);
    release.resolve();
    await stopping;

    t.is(collector.events.length, 1);
    await t.notThrowsAsync(collector.subscription.done);
  });

  test('a handler that throws ends the subscription and rejects done with its error', async (t) => {
    const { store, category, newStream } = await setUp(t);
    await appendMany(store, [newStream()], 2);
    let calls = 0;

    const subscription = store.subscribeToAll({ after: 0n, streamPrefixes: [`${category}-`] }, async () => {
      calls += 1;
      throw new Error('projection failed');
    });

    await t.throwsAsync(subscription.done, { message: 'projection failed' });
    t.is(calls, 1);
  });

  test('the hash chain of an untouched stream verifies', async (t) => {
    const { store, newStream } = await setUp(t);
    const streamId = newStream();
    await store.appendToStreams([{ streamId, expectedRevision: 'no_stream', events: [newEvent('Opened')] }]);
    await store.appendToStreams([
      { streamId, expectedRevision: 0n, events: [newEvent('Renamed', { name: 'Ada' }), newEvent('Closed')] },
    ]);

    const events = await store.readStream(streamId);

    t.is(verifyChain(events), null);
    t.not(events[0]!.hash, events[1]!.hash);
  });

  test("a known head chains the append to it; one that moved or is not the stream's own is refused or replaced", async (t) => {
    const { store, newStream } = await setUp(t);
    const streamId = newStream();
    await store.appendToStreams([{ streamId, expectedRevision: 'no_stream', events: [newEvent('Opened')] }]);
    const [opened] = await store.readStream(streamId);

    await store.appendToStreams([
      { streamId, expectedRevision: 0n, events: [newEvent('Renamed')], knownHead: opened! },
    ]);
    await t.throwsAsync(
      store.appendToStreams([
        { streamId, expectedRevision: 0n, events: [newEvent('Renamed')], knownHead: opened! },
      ]),
      { instanceOf: ExpectedRevisionConflictError },
    );
    const forged = { ...opened!, revision: 1n };
    const result = await store.appendToStreams([
      { streamId, expectedRevision: 1n, events: [newEvent('Closed')], knownHead: forged },
    ]);

    const events = await store.readStream(streamId);
    t.deepEqual(result.nextRevisions, [2n]);
    t.deepEqual(
      events.map((event) => event.type),
      ['Opened', 'Renamed', 'Closed'],
    );
    t.is(
      verifyChain(events),
      null,
      'a head with the right revision but another hash did not break the chain',
    );
  });

  test('headPosition reaches the position of the last append', async (t) => {
    const { store, newStream } = await setUp(t);
    const result = await store.appendToStreams([
      { streamId: newStream(), expectedRevision: 'no_stream', events: [newEvent('Opened')] },
    ]);

    await t.notThrowsAsync(reachHead(store, result.position));
  });

  test('lastCommittedPosition includes an append as soon as it returns', async (t) => {
    const { store, newStream } = await setUp(t);
    const result = await store.appendToStreams([
      { streamId: newStream(), expectedRevision: 'no_stream', events: [newEvent('Opened')] },
    ]);

    t.true((await store.lastCommittedPosition()) >= result.position);
  });
}

export function newEvent(type: string, data: Record<string, unknown> = {}): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    data,
    metadata: {
      occurredAt: new Date().toISOString(),
      actorId: null,
      actorRole: null,
      correlationId: randomUUID(),
      causationId: null,
      schemaVersion: 1,
    },
  };
}

/**
 * Appends `count` events to each stream in turn, one append per event, and returns their ids in
 * order once the global log shows them all.
 */
async function appendMany(store: EventStore, streamIds: string[], count: number): Promise<string[]> {
  const ids: string[] = [];
  let position = 0n;
  for (const streamId of streamIds) {
    for (let index = 0; index < count; index += 1) {
      const event = newEvent('Counted', { index });
      ({ position } = await store.appendToStreams([{ streamId, expectedRevision: 'any', events: [event] }]));
      ids.push(event.eventId);
    }
  }
  await reachHead(store, position);
  return ids;
}

/**
 * The global log may trail an append for a moment (PostgreSQL shows it once no earlier transaction
 * can still commit): wait for it, polling, rather than for some time.
 */
async function reachHead(store: EventStore, position: bigint, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await store.headPosition()) < position) {
    if (Date.now() > deadline)
      throw new Error(`the log did not reach position ${position} in ${timeoutMs} ms`);
    await setTimeout(10);
  }
}
