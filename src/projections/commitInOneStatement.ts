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
import type { ProjectedStatement, Projector } from './projector.js';
import { planWaves, waveParts } from './statementWaves.js';

/** PostgreSQL's lock_not_available: a NOWAIT lock was held by someone else. */
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * A batch whose every effect is one statement of the projector's, each on a row of its own (one
 * wave), commits in one round trip instead of a transaction of at least four (START, the
 * checkpoint's move, the effects, COMMIT): the move and the effects are one statement, atomic on its
 * own, and the effects apply only if the checkpoint moved. At the rates of a live service most
 * batches are a single event; under a burst, batches grow, and committing them in one round trip
 * keeps the projector from falling further behind with each one. Null when the batch needs the
 * transaction after all.
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
  const wave = oneWave(projector, decoded);
  if (!wave) return null;
  const statement = sql.fragment`
    with locked as (
      select name from subscription_checkpoints where name = ${projector.name} for update nowait
    ), moved as (
      update subscription_checkpoints as checkpoint set position = ${last}, updated_at = now()
      from locked where checkpoint.name = locked.name and checkpoint.position = ${expected}
      returning checkpoint.name
    ), ${waveParts(wave)}
    select moved.name from moved, pg_notify(${CHECKPOINT_CHANNEL}, moved.name), ${asynchronousCommit}
  `;
  try {
    // A batch of one recurs in every shape of a single change: prepared. Combinations rarely recur.
    const moved = await pool.any(
      wave.length === 1
        ? preparedByShape(`batch_${wave[0]!.shape}`, movedRow, statement)
        : sql.type(movedRow)`${statement}`,
    );
    return outcome(moved.length > 0);
  } catch (error) {
    if ((error as { code?: unknown }).code === LOCK_NOT_AVAILABLE) return null;
    throw error;
  }
}

/** The batch's effects as one wave applying only once the checkpoint moved, if they make one. */
function oneWave(projector: Projector, decoded: readonly RecordedEvent[]): ProjectedStatement[] | null {
  const changes: ProjectedStatement[] = [];
  for (const event of decoded) {
    const change = projector.statementFor?.(event, sql.fragment`exists (select from moved)`);
    if (!change) return null;
    changes.push(change);
  }
  const waves = planWaves(changes);
  return waves.length === 1 ? waves[0]! : null;
}
