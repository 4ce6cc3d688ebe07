import type {
  EventStore,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../../src/infrastructure/eventStore/eventStore.js';

export type EventCollector = {
  readonly events: readonly RecordedEvent[];
  /** Resolves once `count` events have arrived; rejects after `timeoutMs` with what arrived so far. */
  waitFor(count: number, timeoutMs?: number): Promise<readonly RecordedEvent[]>;
  subscription: Subscription;
};

/** Subscribes and records what arrives, so a test waits for a condition instead of sleeping. */
export function collectEvents(
  store: EventStore,
  options: SubscribeOptions,
  onEvent: (event: RecordedEvent) => Promise<void> = async () => undefined,
): EventCollector {
  const events: RecordedEvent[] = [];
  const waiters = new Set<{ count: number; resolve: () => void }>();
  const subscription = store.subscribeToAll(options, async (event) => {
    await onEvent(event);
    events.push(event);
    for (const waiter of waiters) if (events.length >= waiter.count) waiter.resolve();
  });
  return {
    events,
    subscription,
    async waitFor(count, timeoutMs = 15_000) {
      if (events.length < count) {
        let timer: NodeJS.Timeout | undefined;
        try {
          await new Promise<void>((resolve, reject) => {
            const waiter = {
              count,
              resolve: () => {
                waiters.delete(waiter);
                resolve();
              },
            };
            waiters.add(waiter);
            timer = setTimeout(() => {
              waiters.delete(waiter);
              reject(new Error(`expected ${count} events within ${timeoutMs} ms, got ${events.length}`));
            }, timeoutMs);
            subscription.done.then(
              () => reject(new Error(`subscription stopped after ${events.length} of ${count} events`)),
              reject,
            );
          });
        } finally {
          clearTimeout(timer);
        }
      }
      return events;
    },
  };
}
