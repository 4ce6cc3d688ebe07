import test from 'ava';
import type { CatchUpBatch } from './catchUpSubscription.js';
import { startCatchUpSubscription } from './catchUpSubscription.js';
import type { RecordedEvent } from './eventStore.js';
import { createWakeUp } from './wakeUp.js';

const eventAt = (position: bigint): RecordedEvent => ({
  eventId: `event-${position}`,
  type: 'Tested',
  data: {},
  metadata: {
    occurredAt: '1970-01-01T00:00:00.000Z',
    actorId: null,
    actorRole: null,
    correlationId: 'c',
    causationId: null,
    schemaVersion: 1,
  },
  streamId: 'test-1',
  revision: position,
  position,
  recordedAt: new Date(0),
  hash: '',
});

/** A subscription over scripted reads; `reads` resolves once `count` reads happened. */
function scripted(batches: CatchUpBatch[]) {
  const heldBackAsked: bigint[] = [];
  const reads: bigint[] = [];
  let readsWanted = { count: Infinity, reached: () => {} };
  const wakeUp = createWakeUp();
  const subscription = startCatchUpSubscription({
    after: 0n,
    batchSize: 10,
    readBatch: async (after) => {
      reads.push(after);
      if (reads.length >= readsWanted.count) readsWanted.reached();
      return batches.shift() ?? { events: [] };
    },
    wakeUp,
    // Nothing in these tests may wait this long: each wait that matters is a short held-back poll.
    pollIntervalMs: 60_000,
    heldBack: async (after) => {
      heldBackAsked.push(after);
      return false;
    },
    heldBackPollMs: 1,
    handler: async () => {},
  });
  const readsReached = (count: number) =>
    new Promise<void>((resolve) => (readsWanted = { count, reached: resolve }));
  return { subscription, wakeUp, heldBackAsked, reads, readsReached };
}

test('a page whose read saw newer committed events is followed by a quick look, without asking heldBack', async (t) => {
  const run = scripted([
    { events: [eventAt(1n)], committedHead: 5n },
    { events: [eventAt(5n)], committedHead: 5n },
  ]);
  await run.readsReached(2);
  t.deepEqual(run.reads, [0n, 1n]);
  t.deepEqual(run.heldBackAsked, []);
  await run.subscription.stop();
});

test('an empty page asks heldBack, since the read may have come before the watermark moved', async (t) => {
  const run = scripted([{ events: [] }]);
  const secondRead = run.readsReached(2);
  run.wakeUp.wake();
  await secondRead;
  t.deepEqual(run.heldBackAsked, [0n]);
  await run.subscription.stop();
});
