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

export const eventColumns = sql.fragment`
  position, stream_id as "streamId", stream_revision as "revision", event_id as "eventId",
  type, data, metadata, recorded_at as "recordedAt", hash
`;

/**
 * Only events whose transaction is older than every transaction still running: all of those have
 * ended, so nothing can still commit below them (see the `events` migration on positions).
 */
export const belowWatermark = sql.fragment`transaction_id < pg_snapshot_xmin(pg_current_snapshot())`;
