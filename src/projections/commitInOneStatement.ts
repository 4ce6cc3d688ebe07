import type { DatabasePool } from 'slonik';
import type { RecordedEvent } from '../infrastructure/eventStore/eventStore.js';
import { preparedByShape, sql } from '../infrastructure/postgres/sql.js';
import {
  asynchronousCommit,
  CHECKPOINT_CHANNEL,
  moveCheckpoint,
  movedRow,
  readCheckpoint,
} from './checkpoints.js';
import type { BatchOutcome } from './commitBatch.js';
import type { Projector } from './projector.js';

/** PostgreSQL's lock_not_available: a NOWAIT lock was held by someone else. */
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * A batch whose whole effect is at most one statement of the projector's commits in one round trip,
 * instead of a transaction of four (START, the checkpoint's move, the effect, COMMIT): the move and
 * the effect are one statement, atomic on its own, and the effect applies only if the checkpoint
 * moved. At the rates of a live service most batches are a single event, so this is the common case.
 * Null when the batch needs the transaction after all.
 *
 * Lock order: a transaction's batch, a reconcile and a rebuild's swap all lock the checkpoint's row
 * before any table of the read model. One statement locks its tables when it starts, before it can
 * reach the row, so it must not wait for the row: it takes it with NOWAIT, and when someone holds it,
 * leaves the batch to the transaction, which waits in the agreed order.
 */
export async function commitInOneStatement(
  pool: DatabasePool,
  projector: Projector,
  expected: bigint,
  last: bigint,
  decoded: readonly RecordedEvent[],
): Promise<BatchOutcome | null> {
  const outcome = (moved: boolean): Promise<BatchOutcome> | BatchOutcome =>
    moved
      ? { committed: true }
      : readCheckpoint(pool, projector.name).then((checkpoint) => ({ committed: false, checkpoint }));

  // Events the projector does not handle only move the checkpoint: its row is all this locks.
  if (decoded.length === 0) return outcome(await moveCheckpoint(pool, projector.name, expected, last));
  const change =
    decoded.length === 1
      ? projector.statementFor?.(decoded[0]!, sql.fragment`exists (select from moved)`)
      : null;
  if (!change) return null;
  try {
    const moved = await pool.any(
      preparedByShape(
        `batch_${change.shape}`,
        movedRow,
        sql.fragment`
          with locked as (
            select name from subscription_checkpoints where name = ${projector.name} for update nowait
          ), moved as (
            update subscription_checkpoints as checkpoint set position = ${last}, updated_at = now()
            from locked where checkpoint.name = locked.name and checkpoint.position = ${expected}
            returning checkpoint.name
          ), applied as (${change.statement})
          select moved.name from moved, pg_notify(${CHECKPOINT_CHANNEL}, moved.name), ${asynchronousCommit}
        `,
      ),
    );
    return outcome(moved.length > 0);
  } catch (error) {
    if ((error as { code?: unknown }).code === LOCK_NOT_AVAILABLE) return null;
    throw error;
  }
}
