import test from 'ava';
import { recordedEventAt as eventAt } from './testing/recordedEventAt.js';
import type { CatchUpBatch } from './catchUpSubscription.js';
import { startCatchUpSubscription } from './catchUpSubscription.js';
import { createWakeUp } from './wakeUp.js';

/** A subscription over scripted reads; `readsReached(n)` resolves once n reads happened. */
function scripted(batches: CatchUpBatch[]) {
  const reads: bigint[] = [];
  let readsWanted = { count: Infinity, reached: () => {} };
  const wakeUp = createWakeUp();
  const subscription = startCatchUpSubscription({
    after: 0n,
    batchSize: 10,
    readBatch: async (after) => {
      reads.push(after);
      if (reads.length >= readsWanted.count) readsWanted.reached();
      return batches.shift() ?? { events: [], heldBack: false };
    },
    wakeUp,
    // Nothing in these tests may wait this long: each wait that matters is a short held-back poll.
    pollIntervalMs: 60_000,
    heldBackPollMs: 1,
    handler: async () => {},
  });
  const readsReached = (count: number) =>
    new Promise<void>((resolve) => (readsWanted = { count, reached: resolve }));
  return { subscription, wakeUp, reads, readsReached };
}

test('a short page whose read saw events held back is followed by a quick look', async (t) => {
  const run = scripted([
    { events: [eventAt(1n)], heldBack: true },
    { events: [], heldBack: true },
  ]);
  // Nothing wakes this subscription: only the held-back polls make the second and third reads.
  await run.readsReached(3);
  t.deepEqual(run.reads, [0n, 1n, 1n]);
  await run.subscription.stop();
});

test('a short page with nothing held back waits for a wake-up, and one that came meanwhile counts', async (t) => {
  const run = scripted([{ events: [eventAt(1n)], heldBack: false }]);
  const secondRead = run.readsReached(2);
  run.wakeUp.wake();
  await secondRead;
  t.deepEqual(run.reads, [0n, 1n]);
  await run.subscription.stop();
});
