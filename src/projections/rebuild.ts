import type { DatabaseTransactionConnection } from 'slonik';
import { z } from 'zod';
import { sql } from '../infrastructure/postgres/sql.js';
import { deleteCheckpoint, ensureCheckpoint, lockCheckpoint, moveCheckpoint } from './checkpoints.js';
import { commitBatch } from './commitBatch.js';
import type { ProjectionDeps, Projector, ReadModel } from './projector.js';

const SHADOW_SUFFIX = '_next';
const PREVIOUS_SUFFIX = '_previous';

export type RebuildOptions = {
  batchSize?: number;
  /** Called after each committed batch of the rebuild, outside its transaction. */
  onProgress?: (position: bigint) => Promise<void> | void;
};

/** Someone else moved the rebuild's own checkpoint: two rebuilds of one read model ran at once. */
export class RebuildInterruptedError extends Error {
  constructor(readonly readModel: string) {
    super(`the rebuild of ${readModel} was interrupted by another one`);
    this.name = 'RebuildInterruptedError';
  }
}

/**
 * Rebuilds a read model from position 0 without taking queries down: projects every event into shadow
 * tables (`<table>_next`, copied from the live ones) under a checkpoint of its own, then, in one
 * transaction, renames them over the live tables and hands their position to the live checkpoint.
 * Queries read the old tables until that commit and the new ones after; a live runner finds its
 * checkpoint moved and resumes from the handed-over position. One rebuild per read model at a time;
 * an interrupted one leaves its shadow tables behind, and the next rebuild starts them over.
 */
export async function rebuildReadModel(
  deps: ProjectionDeps,
  readModel: ReadModel,
  options: RebuildOptions = {},
): Promise<{ position: bigint }> {
  const projector = readModel.projector(`${readModel.name}:rebuild`, SHADOW_SUFFIX);
  await deps.pool.transaction(async (tx) => {
    for (const table of readModel.tables) await createShadow(tx, table);
    await deleteCheckpoint(tx, projector.name);
    await ensureCheckpoint(tx, projector.name);
  });
  await ensureCheckpoint(deps.pool, readModel.name);
  let position = 0n;
  for (;;) {
    position = await catchUp(deps, projector, position, options);
    // A live runner that got ahead meanwhile would move backwards: catch up again first.
    if (await swapIn(deps, readModel, projector, position)) return { position };
  }
}

async function createShadow(tx: DatabaseTransactionConnection, table: string): Promise<void> {
  const shadow = sql.identifier([table + SHADOW_SUFFIX]);
  await tx.query(sql.typeAlias('void')`drop table if exists ${shadow}`);
  await tx.query(
    sql.typeAlias('void')`create table ${shadow} (like ${sql.identifier([table])} including all)`,
  );
}

/** Projects batches into the shadow tables until the store has nothing after `position`. */
async function catchUp(
  deps: ProjectionDeps,
  projector: Projector,
  from: bigint,
  { batchSize = 500, onProgress }: RebuildOptions,
): Promise<bigint> {
  let position = from;
  for (;;) {
    const batch = await deps.store.readAll({ after: position, limit: batchSize });
    if (batch.length === 0) return position;
    const outcome = await commitBatch(deps, projector, position, batch);
    if (!outcome.committed) throw new RebuildInterruptedError(projector.name);
    position = batch.at(-1)!.position;
    await onProgress?.(position);
  }
}

/**
 * Locks the live checkpoint before the tables, in the order a live runner's batch takes them, so the
 * two wait for each other instead of deadlocking. Returns false, changing nothing, when the live
 * checkpoint is past the shadow tables.
 */
async function swapIn(
  deps: ProjectionDeps,
  readModel: ReadModel,
  projector: Projector,
  position: bigint,
): Promise<boolean> {
  return deps.pool.transaction(async (tx) => {
    const live = await lockCheckpoint(tx, readModel.name);
    if (live > position) return false;
    if ((await lockCheckpoint(tx, projector.name)) !== position) {
      throw new RebuildInterruptedError(projector.name);
    }
    for (const table of readModel.tables) await replaceTable(tx, table);
    await moveCheckpoint(tx, readModel.name, live, position);
    await deleteCheckpoint(tx, projector.name);
    deps.log.info('read model rebuilt', { readModel: readModel.name, position: position.toString() });
    return true;
  });
}

async function replaceTable(tx: DatabaseTransactionConnection, table: string): Promise<void> {
  const live = sql.identifier([table]);
  const shadow = sql.identifier([table + SHADOW_SUFFIX]);
  const previous = sql.identifier([table + PREVIOUS_SUFFIX]);
  await tx.query(sql.typeAlias('void')`lock table ${live}, ${shadow} in access exclusive mode`);
  await tx.query(sql.typeAlias('void')`alter table ${live} rename to ${previous}`);
  await tx.query(sql.typeAlias('void')`alter table ${shadow} rename to ${live}`);
  await tx.query(sql.typeAlias('void')`drop table ${previous}`);
  // The copies' indexes are named after the shadow table (users_next_pkey): give them the live names back.
  const indexes = await tx.anyFirst(sql.type(z.object({ name: z.string() }))`
    select indexname as name from pg_indexes where schemaname = current_schema() and tablename = ${table}
  `);
  for (const name of indexes) {
    if (!name.startsWith(table + SHADOW_SUFFIX)) continue;
    const liveName = table + name.slice((table + SHADOW_SUFFIX).length);
    await tx.query(
      sql.typeAlias('void')`alter index ${sql.identifier([name])} rename to ${sql.identifier([liveName])}`,
    );
  }
}
