import type { CommonQueryMethods } from 'slonik';
import { z } from 'zod';
import { sql } from '../infrastructure/postgres/sql.js';

/** Notified (payload: the subscription name) when a checkpoint moves; waitForPosition listens to it. */
export const CHECKPOINT_CHANNEL = 'subscription_checkpoints';

const positionRow = z.object({ position: z.bigint() });

/** The row of a checkpoint that moved: its name. */
export const movedRow = z.object({ name: z.string() });

/**
 * In a projector's batch, as a row source: its transaction commits without waiting for the disk. A
 * crash can then lose the newest batches, but always with the checkpoint that recorded them, so the
 * projector applies them again from the event store, whose appends do wait. The wait it saves is the
 * larger part of a batch's latency, and so of read-your-writes.
 */
export const asynchronousCommit = sql.fragment`set_config('synchronous_commit', 'off', true)`;

/** The subscription's checkpoint, created at 0 ("from the start") when it has none. */
export async function ensureCheckpoint(db: CommonQueryMethods, name: string): Promise<bigint> {
  await db.query(sql.typeAlias('void')`
    insert into subscription_checkpoints (name, position) values (${name}, 0) on conflict (name) do nothing
  `);
  return readCheckpoint(db, name);
}

export async function readCheckpoint(db: CommonQueryMethods, name: string): Promise<bigint> {
  return (
    (await db.maybeOneFirst(sql.type(positionRow)`
    select position from subscription_checkpoints where name = ${name}
  `)) ?? 0n
  );
}

/**
 * Inside a transaction: the checkpoint, locked until commit so nobody else moves it meanwhile. The row
 * is updated, not only locked: whoever holds it may change the read model's tables without moving
 * the checkpoint (a reconcile, a swap), and the row's new version tells readers that keep answers
 * per state of the read model (see readModelStateCache) that the state changed.
 */
export async function lockCheckpoint(db: CommonQueryMethods, name: string): Promise<bigint> {
  return db.oneFirst(sql.prepared('checkpoint_lock', positionRow)`
    update subscription_checkpoints set updated_at = now() where name = ${name} returning position
  `);
}

/**
 * Moves the checkpoint from `from` to `to` only if it is still at `from`, in one statement; true when
 * it moved. Inside a transaction the row then stays locked until commit, and listeners hear of the
 * move at commit. A runner that races another for the row waits for it, then finds it moved.
 */
export async function moveCheckpoint(
  db: CommonQueryMethods,
  name: string,
  from: bigint,
  to: bigint,
): Promise<boolean> {
  const moved = await db.any(sql.prepared('checkpoint_move', movedRow)`
    with moved as (
      update subscription_checkpoints set position = ${to}, updated_at = now()
      where name = ${name} and position = ${from}
      returning name
    )
    select moved.name from moved, pg_notify(${CHECKPOINT_CHANNEL}, moved.name)
  `);
  return moved.length > 0;
}

export async function deleteCheckpoint(db: CommonQueryMethods, name: string): Promise<void> {
  await db.query(sql.typeAlias('void')`delete from subscription_checkpoints where name = ${name}`);
}

/**
 * For subscribers whose effects are outside the database (mail, Kafka): moves the checkpoint from
 * `from` to `to` after the batch's effects, unless another instance moved it meanwhile; returns where
 * it now is. Two instances with one name then only repeat some effects, never skip one.
 */
export async function advanceCheckpoint(
  db: CommonQueryMethods,
  name: string,
  from: bigint,
  to: bigint,
): Promise<bigint> {
  return (await moveCheckpoint(db, name, from, to)) ? to : readCheckpoint(db, name);
}
