import type { RecordedEvent } from '../infrastructure/eventStore/eventStore.js';

/**
 * Between a subscription, which delivers one event at a time, and a runner, which commits them in
 * batches: whatever arrived while the previous batch committed becomes the next batch.
 */
export type EventBuffer = {
  /** The subscription's handler: holds the subscription back while the buffer is full. */
  push(event: RecordedEvent): Promise<void>;
  /** Everything buffered (at most `capacity` events), waiting for one if empty; null once closed. */
  take(): Promise<RecordedEvent[] | null>;
  /** Discards what is buffered and releases both sides. With an error, take() throws it. */
  close(error?: unknown): void;
};

export function createEventBuffer(capacity: number): EventBuffer {
  let events: RecordedEvent[] = [];
  let closed: { error?: unknown } | null = null;
  const arrived = createSignal();
  const drained = createSignal();

  return {
    async push(event) {
      while (events.length >= capacity && !closed) await drained.wait();
      if (closed) return;
      events.push(event);
      arrived.fire();
    },
    async take() {
      while (events.length === 0 && !closed) await arrived.wait();
      if (closed) {
        if ('error' in closed) throw closed.error;
        return null;
      }
      const batch = events;
      events = [];
      drained.fire();
      return batch;
    },
    close(error) {
      closed ??= error === undefined ? {} : { error };
      events = [];
      arrived.fire();
      drained.fire();
    },
  };
}

/** Wakes every current waiter; a later wait() waits for the next fire(). */
function createSignal() {
  let release = () => {};
  let next = new Promise<void>((resolve) => (release = resolve));
  return {
    wait: () => next,
    fire() {
      release();
      next = new Promise<void>((resolve) => (release = resolve));
    },
  };
}
