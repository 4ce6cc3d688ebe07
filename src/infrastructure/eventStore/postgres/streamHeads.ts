import type { CommonQueryMethods } from 'slonik';
import { z } from 'zod';
import { sql } from '../../postgres/sql.js';
import type { StreamWrite } from '../eventStore.js';
import type { StreamHead } from '../planWrite.js';

/**
 * One stream (the common case) by equality: PostgreSQL plans `= any($1)` afresh on every execution,
 * finding no generic plan for an array of unknown length cheap enough, and the plan cost more than the read.
 */
export async function readHeads(
  connection: CommonQueryMethods,
  writes: StreamWrite[],
  lock: 'unlocked' | 'for update',
): Promise<Map<string, StreamHead>> {
  const [only] = writes.length === 1 ? writes : [];
  const streams = only
    ? sql.fragment`stream_id = ${only.streamId}`
    : sql.fragment`stream_id = any(${sql.array(
        writes.map((write) => write.streamId),
        'text',
      )})`;
  const statement = `streams_heads_${only ? 'one' : 'many'}${lock === 'for update' ? '_for_update' : ''}`;
  const rows = await connection.any(sql.prepared(statement, headRow)`
    select stream_id as "streamId", revision, last_hash as "hash", last_recorded_at as "recordedAt"
    from streams
    where ${streams}
    order by stream_id
    ${lock === 'for update' ? sql.fragment`for update` : sql.fragment``}
  `);
  return new Map(rows.map(({ streamId, ...head }) => [streamId, head]));
}

const headRow = z.object({
  streamId: z.string(),
  revision: z.bigint(),
  hash: z.string(),
  recordedAt: z.number().transform((epochMs) => new Date(epochMs)),
});
