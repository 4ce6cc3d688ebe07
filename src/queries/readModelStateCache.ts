/**
 * The state of the users read model as one statement saw it: the projector's checkpoint and the
 * version of the checkpoint's row. Every change to the read model's tables commits together with an
 * update of that row (the projector's batches, a reconcile, a rebuild's swap: see lockCheckpoint),
 * so two reads that saw the same state saw the same tables.
 */
export type ReadModelState = { checkpoint: bigint; version: string };

const sameState = (a: ReadModelState, b: ReadModelState) =>
  a.checkpoint === b.checkpoint && a.version === b.version;

/**
 * Answers read at the newest state of the read model seen so far, given again to a read that saw
 * that same state: it would have read exactly the same. An answer read at a newer state drops all
 * the others (nothing older is kept, not even an erased account's row); one read at an older state
 * is not kept. Within a state, the least recently used answers make room for new ones.
 */
export function readModelStateCache<K, V>(capacity: number) {
  let current: ReadModelState | null = null;
  const entries = new Map<K, V>();
  return {
    get(key: K, state: ReadModelState): { value: V } | undefined {
      if (current === null || !sameState(current, state) || !entries.has(key)) return undefined;
      const value = entries.get(key)!;
      entries.delete(key);
      entries.set(key, value);
      return { value };
    },
    set(key: K, state: ReadModelState, value: V): void {
      if (current === null || !sameState(current, state)) {
        if (current !== null && state.checkpoint < current.checkpoint) return;
        entries.clear();
        current = state;
      }
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > capacity) entries.delete(entries.keys().next().value!);
    },
  };
}
