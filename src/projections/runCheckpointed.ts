import type { DatabasePool } from 'slonik';
import type { EventStore } from '../infrastructure/eventStore/eventStore.js';
import type { Logger } from '../infrastructure/logging/logger.js';
import { ensureCheckpoint } from './checkpoints.js';
import type { CommitBatch } from './followStore.js';
import { followStore } from './followStore.js';
import { createProgress } from './progress.js';

export type CheckpointedRunner = {
  /** The checkpoint as this runner last saw it: its own commits, or where another runner had moved it. */
  position(): bigint;
  /** Resolves once position() ≥ `position`; rejects with ReadModelBehindError after `timeoutMs`. */
  waitFor(position: bigint, timeoutMs: number): Promise<void>;
  /** Lets the batch in hand commit, then ends the subscription. */
  stop(): Promise<void>;
  /** Settles when the runner ends: resolves after stop(), rejects with the error that ended it. */
  readonly done: Promise<void>;
};

export type CheckpointedDeps = { pool: DatabasePool; store: EventStore; log: Logger };

/**
 * A subscriber with a named checkpoint: follows the store from it, hands each batch to `commit`
 * (which applies it and moves the checkpoint), and when the checkpoint turns out to have moved under
 * it, resubscribes from there; so several runners with one name handle each event once between them
 * (or, for effects outside the database, at least once). An error ends the runner: its supervisor
 * restarts it from the checkpoint.
 */
export function runCheckpointed(
  deps: CheckpointedDeps,
  options: { name: string; batchSize: number; kind: string; onStart?: () => Promise<void> },
  commit: (stopping: () => boolean) => CommitBatch,
): CheckpointedRunner {
  const { name, kind } = options;
  const progress = createProgress(name);
  let stopping = false;
  let closeCurrent = () => {};
  const commitBatch = commit(() => stopping);

  const run = async () => {
    let checkpoint = await ensureCheckpoint(deps.pool, name);
    await options.onStart?.();
    progress.reach(checkpoint);
    while (!stopping) {
      const pass = followStore(
        deps.store,
        { name, after: checkpoint, batchSize: options.batchSize },
        commitBatch,
        progress.reach,
      );
      closeCurrent = pass.close;
      if (stopping) pass.close();
      const ended = await pass.ended;
      if (ended !== progress.position() && !stopping) {
        deps.log.info(`${kind} checkpoint moved elsewhere; resubscribing`, {
          subscription: name,
          expected: progress.position().toString(),
          found: ended.toString(),
        });
      }
      checkpoint = ended;
      progress.reach(checkpoint);
    }
  };

  const done = run().then(
    () => progress.end(),
    (error: unknown) => {
      progress.end(error);
      deps.log.error(`${kind} failed`, { subscription: name, error: String(error) });
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
