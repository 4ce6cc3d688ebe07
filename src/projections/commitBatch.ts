import type { RecordedEvent } from '../infrastructure/eventStore/eventStore.js';
import { sql } from '../infrastructure/postgres/sql.js';
import { asynchronousCommit, moveCheckpoint, readCheckpoint } from './checkpoints.js';
import { commitInOneStatement } from './commitInOneStatement.js';
import type { SkippedEvent } from './applyInWaves.js';
import { applyInWaves } from './applyInWaves.js';
import type { ProjectionDeps, Projector } from './projector.js';

/** Either the batch and its checkpoint committed, or the checkpoint was not where we left it. */
export type BatchOutcome = { committed: true } | { committed: false; checkpoint: bigint };

/**
 * Applies a batch and moves the checkpoint from `expected` to the batch's last position, in one
 * transaction (or one statement, see commitInOneStatement): the effects exist exactly when the
 * checkpoint says so. The checkpoint moves first, only if still at `expected`, which locks its row
 * before any table: a second runner with the same name (or a rebuild swapping tables in, which locks
 * in the same order) that moved it meanwhile makes this batch a no-op, reported with the checkpoint
 * it found.
 */
export async function commitBatch(
  deps: Pick<ProjectionDeps, 'pool' | 'codec' | 'log'>,
  projector: Projector,
  expected: bigint,
  batch: readonly RecordedEvent[],
): Promise<BatchOutcome> {
  const last = batch.at(-1);
  if (!last) return { committed: true };
  // Decoding looks keys up through the pool, which must not be touched inside the transaction.
  const decoded = await deps.codec.decodeAll(
    batch.filter((event) => projector.handles.includes(event.type)),
    { clientDetails: false },
  );
  const inOneStatement = await commitInOneStatement(deps.pool, projector, expected, last.position, decoded);
  if (inOneStatement) return inOneStatement;

  let skipped: SkippedEvent[] = [];
  const outcome = await deps.pool.transaction(async (tx): Promise<BatchOutcome> => {
    if (!(await moveCheckpoint(tx, projector.name, expected, last.position))) {
      return { committed: false, checkpoint: await readCheckpoint(tx, projector.name) };
    }
    await tx.query(sql.typeAlias('void')`select from ${asynchronousCommit}`);
    skipped = await applyInWaves(tx, projector, decoded);
    return { committed: true };
  });

  if (outcome.committed) {
    for (const { event, reason } of skipped) {
      deps.log.warn('projector skipped an event', {
        projector: projector.name,
        eventId: event.eventId,
        type: event.type,
        position: event.position.toString(),
        reason,
      });
    }
  }
  return outcome;
}
