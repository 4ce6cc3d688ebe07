import { ensureCheckpoint } from './checkpoints.js';
import { commitBatch } from './commitBatch.js';
import { createEventBuffer } from './eventBuffer.js';
import { createProgress } from './progress.js';
import type { ProjectionDeps, Projector } from './projector.js';

export type ProjectorRunner = {
  /** The checkpoint as this runner last saw it: its own commits, or where another runner had moved it. */
  position(): bigint;
  /** Resolves once position() ≥ `position`; rejects with ReadModelBehindError after `timeoutMs`. */
  waitFor(position: bigint, timeoutMs: number): Promise<void>;
  /** Lets the batch in flight commit, then ends the subscription. */
  stop(): Promise<void>;
  /** Settles when the runner ends: resolves after stop(), rejects with the error that ended it. */
  readonly done: Promise<void>;
};

export type RunProjectorOptions = {
  /** Most events in one transaction. */
  batchSize?: number;
};

/**
 * Runs a projector as a checkpointed subscriber: follows the store from the checkpoint and commits
 * whatever arrived as one batch, effects and checkpoint together (commitBatch). When the checkpoint
 * turns out to have moved under it, it resubscribes from there; so several runners with one name
 * apply each event once between them. It listens to every stream, not only the projector's: a write
 * reports the position of its last event, which may be in another stream (a reservation), and the
 * checkpoint has to pass it for waitFor to answer.
 */
export function runProjector(
  deps: ProjectionDeps,
  projector: Projector,
  options: RunProjectorOptions = {},
): ProjectorRunner {
  const batchSize = options.batchSize ?? 500;
  const progress = createProgress(projector.name);
  let stopping = false;
  let closeCurrent = () => {};

  const follow = async (after: bigint): Promise<bigint> => {
    const buffer = createEventBuffer(batchSize);
    closeCurrent = () => buffer.close();
    const subscription = deps.store.subscribeToAll({ after }, buffer.push);
    subscription.done.then(
      () => buffer.close(new Error(`the event subscription of ${projector.name} ended`)),
      (error: unknown) => buffer.close(error),
    );
    let checkpoint = after;
    try {
      for (let batch = await buffer.take(); batch; batch = await buffer.take()) {
        const outcome = await commitBatch(deps, projector, checkpoint, batch);
        if (!outcome.committed) {
          deps.log.info('projector checkpoint moved elsewhere; resubscribing', {
            projector: projector.name,
            expected: checkpoint.toString(),
            found: outcome.checkpoint.toString(),
          });
          return outcome.checkpoint;
        }
        checkpoint = batch.at(-1)!.position;
        progress.reach(checkpoint);
      }
      return checkpoint;
    } finally {
      buffer.close();
      await subscription.stop();
    }
  };

  const run = async () => {
    let checkpoint = await ensureCheckpoint(deps.pool, projector.name);
    progress.reach(checkpoint);
    while (!stopping) {
      checkpoint = await follow(checkpoint);
      progress.reach(checkpoint);
    }
  };

  const done = run().then(
    () => progress.end(),
    (error: unknown) => {
      progress.end(error);
      deps.log.error('projector failed', { projector: projector.name, error: String(error) });
      throw error;
    },
  );
  // A caller that only ever calls stop() must not crash the process with an unhandled rejection.
  done.catch(() => undefined);

  return {
    done,
    position: progress.position,
    waitFor: progress.waitFor,
    async stop() {
      stopping = true;
      closeCurrent();
      await done.catch(() => undefined);
    },
  };
}
