import type { RecordedEvent, Subscription } from './eventStore.js';
import type { WakeUp } from './wakeUp.js';

export type CatchUpBatch = {
  /** Events after a position, in position order, at most batchSize of them. */
  events: readonly RecordedEvent[];
  /** The newest committed position, as the same read saw it; saves asking `heldBack` after it. */
  committedHead?: bigint;
};

export type CatchUpOptions = {
  after: bigint;
  batchSize: number;
  readBatch: (after: bigint) => Promise<CatchUpBatch>;
  /** Woken when new events may have been stored; otherwise the loop polls at pollIntervalMs. */
  wakeUp: WakeUp;
  pollIntervalMs: number;
  /** True when committed events after this position exist but cannot be read yet. */
  heldBack?: (after: bigint) => Promise<boolean>;
  heldBackPollMs?: number;
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
      const { events, committedHead } = await options.readBatch(after);
      for (const event of events) {
        if (stopping) return;
        await options.handler(event);
        after = event.position;
      }
      if (events.length < options.batchSize && !stopping) {
        // A read that found events tells whether others wait behind them; an empty one is asked
        // again, later, since it may have been a wake-up that came before the watermark moved.
        const waiting =
          committedHead !== undefined && events.length > 0
            ? committedHead > after
            : options.heldBack
              ? await options.heldBack(after)
              : false;
        await options.wakeUp.wait(waiting ? (options.heldBackPollMs ?? 10) : options.pollIntervalMs);
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
