import { z } from 'zod';
import { sql } from '../../postgres/sql.js';
import { eventMetadataSchema, jsonObjectSchema } from '../eventSchemas.js';

export const eventRow = z.object({
  position: z.bigint(),
  streamId: z.string(),
  revision: z.bigint(),
  eventId: z.string(),
  type: z.string(),
  data: jsonObjectSchema,
  metadata: eventMetadataSchema,
  recordedAt: z.number().transform((epochMs) => new Date(epochMs)),
  hash: z.string(),
});

/** For queries that return a position only. Schemas live at module level: zod compiles each on first use. */
export const positionRow = z.object({ position: z.bigint() });

export const eventColumns = sql.fragment`
  position, stream_id as "streamId", stream_revision as "revision", event_id as "eventId",
  type, data, metadata, recorded_at as "recordedAt", hash
`;

/**
 * The watermark: only events of a transaction id below it ended for sure, so that nothing can still
 * commit below them (positions grow with the transaction id, see the `events` migration). That is the
 * snapshot's xmin, the oldest transaction still running, refined: a running transaction that the
 * activity view places in another database cannot write here, so it need not hold us back. Any other
 * one (not visible to us, just ended, a prepared transaction) still does: the refinement can only
 * raise the watermark safely. The activity function rather than the pg_stat_activity view: the same
 * rows without the view's joins, which doubled the time to plan every read.
 */
export const watermark = sql.fragment`
  select coalesce(min(running.xid), pg_snapshot_xmax(pg_current_snapshot())) as xid
  from pg_snapshot_xip(pg_current_snapshot()) as running(xid)
  where not exists (
    select from pg_stat_get_activity(null) as elsewhere
    where elsewhere.backend_xid = running.xid::xid
      and elsewhere.datid is distinct from (select oid from pg_database where datname = current_database())
  )
`;

/** Only events whose transaction ended for sure (see watermark). */
export const belowWatermark = sql.fragment`transaction_id < (${watermark})`;
