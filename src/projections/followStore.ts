import type { EventStore, RecordedEvent } from '../infrastructure/eventStore/eventStore.js';
import { createEventBuffer } from './eventBuffer.js';

/** What handling one batch did to the checkpoint. */
export type BatchCommit = { advancedTo: bigint } | { movedElsewhere: bigint };

export type CommitBatch = (batch: readonly RecordedEvent[], checkpoint: bigint) => Promise<BatchCommit>;

export type FollowedStore = {
  /** The checkpoint to resume from: where it stood when closed, or where another instance moved it. */
  readonly ended: Promise<bigint>;
  /** Ends the pass once the batch in hand is committed. */
  close(): void;
};

/**
 * One pass of a checkpointed subscriber: follows every stream after `after` and hands whatever
 * arrived while the previous batch was being committed to `commit` as the next batch. Every stream,
 * not only the ones a subscriber cares about: a write reports the position of its last event, which
 * may be in a system stream, and the checkpoint has to pass it for waits and lag to settle.
 */
export function followStore(
  store: EventStore,
  options: { name: string; after: bigint; batchSize: number },
  commit: CommitBatch,
  onAdvance: (checkpoint: bigint) => void,
): FollowedStore {
  const buffer = createEventBuffer(options.batchSize);
  const subscription = store.subscribeToAll({ after: options.after }, buffer.push);
  subscription.done.then(
    () => buffer.close(new Error(`the event subscription of ${options.name} ended`)),
    (error: unknown) => buffer.close(error),
  );

  const run = async (): Promise<bigint> => {
    let checkpoint = options.after;
    try {
      for (let batch = await buffer.take(); batch; batch = await buffer.take()) {
        const outcome = await commit(batch, checkpoint);
        if ('movedElsewhere' in outcome) return outcome.movedElsewhere;
        checkpoint = outcome.advancedTo;
        onAdvance(checkpoint);
      }
      return checkpoint;
    } finally {
      buffer.close();
      await subscription.stop();
    }
  };

  return { ended: run(), close: () => buffer.close() };
}
