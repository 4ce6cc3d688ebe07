import { lockCheckpoint } from './checkpoints.js';
import { commitBatch } from './commitBatch.js';
import type { CheckpointedRunner } from './runCheckpointed.js';
import { runCheckpointed } from './runCheckpointed.js';
import type { ProjectionDeps, Projector } from './projector.js';

export type ProjectorRunner = CheckpointedRunner;

export type RunProjectorOptions = {
  /** Most events in one transaction. */
  batchSize?: number;
};

/**
 * Runs a projector as a checkpointed subscriber: whatever arrived is committed as one batch, effects
 * and checkpoint together (commitBatch), so several runners with one name apply each event once
 * between them and a killed runner resumes without loss or double application.
 */
export function runProjector(
  deps: ProjectionDeps,
  projector: Projector,
  options: RunProjectorOptions = {},
): ProjectorRunner {
  return runCheckpointed(
    deps,
    {
      name: projector.name,
      batchSize: options.batchSize ?? 500,
      kind: 'projector',
      onStart: () => reconcile(deps, projector),
    },
    () => async (batch, checkpoint) => {
      const outcome = await commitBatch(deps, projector, checkpoint, batch);
      return outcome.committed
        ? { advancedTo: batch.at(-1)!.position }
        : { movedElsewhere: outcome.checkpoint };
    },
  );
}

/** The projector's reconcile, if it has one, under its checkpoint's lock: no batch commits meanwhile. */
async function reconcile(deps: ProjectionDeps, projector: Projector): Promise<void> {
  if (!projector.reconcile) return;
  await deps.pool.transaction(async (tx) => {
    await lockCheckpoint(tx, projector.name);
    await projector.reconcile?.(tx);
  });
}
