/** Looks up many keys in one statement; keys it does not return have no value. */
export type BatchLoad<K, V> = (keys: readonly K[]) => Promise<ReadonlyMap<K, V>>;

type Waiter<K, V> = { key: K; resolve: (value: V | undefined) => void; reject: (error: unknown) => void };

/**
 * Coalesces concurrent lookups into one statement per batch. A lookup never joins a statement that
 * is already under way: it waits for the next one, which is sent when that one ends. So every answer
 * was read after it was asked for (read-your-writes relies on this), a lone request is sent at once,
 * and under load one statement serves every request that arrived while the previous one ran.
 */
export function batchedLookup<K, V>(
  load: BatchLoad<K, V>,
  maxBatch = 100,
): (key: K) => Promise<V | undefined> {
  let waiting: Waiter<K, V>[] = [];
  let running = false;

  const sendNext = () => {
    if (running || waiting.length === 0) return;
    const batch = waiting.slice(0, maxBatch);
    waiting = waiting.slice(maxBatch);
    running = true;
    load([...new Set(batch.map((waiter) => waiter.key))])
      .then(
        (found) => batch.forEach((waiter) => waiter.resolve(found.get(waiter.key))),
        (error: unknown) => batch.forEach((waiter) => waiter.reject(error)),
      )
      .finally(() => {
        running = false;
        sendNext();
      });
  };

  return (key) =>
    new Promise<V | undefined>((resolve, reject) => {
      waiting.push({ key, resolve, reject });
      // Lookups asked for in the same tick go out together.
      if (waiting.length === 1) queueMicrotask(sendNext);
    });
}
