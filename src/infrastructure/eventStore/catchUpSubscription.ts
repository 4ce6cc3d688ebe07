import type { RecordedEvent, Subscription } from './eventStore.js';
import type { WakeUp } from './wakeUp.js';

export type CatchUpBatch = {
  /** Events after a position, in position order, at most batchSize of them. */
  events: readonly RecordedEvent[];
  /** Whether, as the same read saw it, committed events existed that it could not read yet. */
  heldBack: boolean;
};

export type CatchUpOptions = {
  after: bigint;
  batchSize: number;
  readBatch: (after: bigint) => Promise<CatchUpBatch>;
  /** Woken when new events may have been stored; otherwise the loop polls at pollIntervalMs. */
  wakeUp: WakeUp;
  pollIntervalMs: number;
  /** How soon to look again while committed events are held back. */
  heldBackPollMs: number;
  handler: (event: RecordedEvent) => Promise<void>;
};

/**
 * Reads batches after the last delivered position until it runs dry, then sleeps until woken or
 * the poll interval passes. Catch-up and live delivery are the same loop, so there is no hand-over
 * where an event could be missed or delivered twice.
 */
export function startCatchUpSubscription(options: CatchUpOptions): Subscription {
  let stopping = false;

  const run = async () => {
    let after = options.after;
    while (!stopping) {
      const { events, heldBack } = await options.readBatch(after);
      for (const event of events) {
        if (stopping) return;
        await options.handler(event);
        after = event.position;
      }
      if (events.length < options.batchSize && !stopping) {
        // Events held back behind an older open transaction become readable when it ends, which
        // may notify nobody (it need not append): look again soon. A wake-up that arrives while the
        // batch is handled is not lost: the wait returns at once.
        await options.wakeUp.wait(heldBack ? options.heldBackPollMs : options.pollIntervalMs);
      }
    }
  };

  const done = run();
  // A caller that only ever calls stop() must not crash the process with an unhandled rejection.
  done.catch(() => undefined);

  return {
    done,
    async stop() {
      stopping = true;
      options.wakeUp.wake();
      await done.catch(() => undefined);
    },
  };
}
