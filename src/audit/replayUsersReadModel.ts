import { z } from 'zod';
import { userStreamCategory } from '../domain/index.js';
import type { RecordedEvent } from '../infrastructure/eventStore/eventStore.js';
import { pagesThroughCommitted } from '../infrastructure/eventStore/pagesThroughCommitted.js';
import { sql } from '../infrastructure/postgres/sql.js';
import type { ProjectionDeps } from '../projections/index.js';
import { applyInWaves } from '../projections/applyInWaves.js';
import { usersProjector } from '../projections/usersReadModel.js';

/** Up to and including a global position, or every event recorded at or before an instant. */
export type ReplayTarget = { position: bigint } | { time: Date };

export type ReplayResult = {
  schema: string;
  /** Events applied. */
  events: number;
  /** Position of the last event applied (0n when none was). */
  lastPosition: bigint;
  accounts: number;
  deletedAccounts: number;
};

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
/** `replay_20260131_090000` for 2026-01-31T09:00:00Z. */
export function defaultReplaySchema(now: Date): string {
  const digits = now.toISOString().replace(/\D/g, '');
  return `replay_${digits.slice(0, 8)}_${digits.slice(8, 14)}`;
}

const counts = z.object({ accounts: z.number(), deletedAccounts: z.number() });

/**
 * Builds the users read model as it was at `target` in a new schema (`<schema>.users` and
 * `.users_totals`, plus a `replay_info` row saying what it is), from the log with the live projector's own code. The live
 * tables and checkpoints are only read from. It refuses an existing schema rather than mix replays.
 */
export async function replayUsersReadModel(
  deps: ProjectionDeps,
  schema: string,
  target: ReplayTarget,
  { batchSize = 500 }: { batchSize?: number } = {},
): Promise<ReplayResult> {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`${schema} is not a plain lower-case schema name`);
  const tables = {
    users: sql.identifier([schema, 'users']),
    totals: sql.identifier([schema, 'users_totals']),
  };
  await deps.pool.transaction(async (tx) => {
    await tx.query(sql.typeAlias('void')`create schema ${sql.identifier([schema])}`);
    for (const [copy, live] of [
      [tables.users, 'users'],
      [tables.totals, 'users_totals'],
    ] as const) {
      await tx.query(
        sql.typeAlias('void')`create table ${copy} (like ${sql.identifier([live])} including all)`,
      );
    }
    await tx.query(sql.typeAlias('void')`
      create table ${sql.identifier([schema, 'replay_info'])} (
        up_to_position bigint, up_to_time timestamptz, last_position bigint not null, events integer not null,
        replayed_at timestamptz not null default now()
      )
    `);
  });

  const projector = usersProjector(`replay:${schema}`, tables);
  const wanted = (event: RecordedEvent) =>
    projector.handles.includes(event.type) &&
    ('position' in target ? event.position <= target.position : event.recordedAt <= target.time);
  let events = 0;
  let lastPosition = 0n;
  const pages = pagesThroughCommitted(deps.store, {
    after: 0n,
    limit: batchSize,
    streamPrefixes: [`${userStreamCategory}-`],
  });
  for await (const batch of pages) {
    const after = batch.at(-1)!.position;
    // Decoding looks keys up through the pool, which must not be touched inside the transaction.
    const decoded = await deps.codec.decodeAll(batch.filter(wanted), { clientDetails: false });
    const skipped = await deps.pool.transaction((tx) => applyInWaves(tx, projector, decoded));
    for (const { event, reason } of skipped)
      deps.log.warn('replay skipped an event', { eventId: event.eventId, skipped: reason });
    events += decoded.length;
    lastPosition = decoded.at(-1)?.position ?? lastPosition;
    // Positions only grow; recorded times need not across streams, so a time target reads to the end.
    if ('position' in target && after >= target.position) break;
  }

  await deps.pool.query(sql.typeAlias('void')`
    insert into ${sql.identifier([schema, 'replay_info'])} (up_to_position, up_to_time, last_position, events)
    values (
      ${'position' in target ? target.position : null}, ${'time' in target ? target.time.toISOString() : null}::timestamptz,
      ${lastPosition}, ${events}
    )
  `);
  const tally = await deps.pool.one(sql.type(counts)`
    select count(*) filter (where not deleted)::int as "accounts", count(*) filter (where deleted)::int as "deletedAccounts"
    from ${tables.users}
  `);
  return { schema, events, lastPosition, ...tally };
}
