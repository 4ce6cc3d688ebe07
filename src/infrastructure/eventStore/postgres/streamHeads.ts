import type { CommonQueryMethods } from 'slonik';
import { z } from 'zod';
import { sql } from '../../postgres/sql.js';
import type { StreamWrite } from '../eventStore.js';
import type { StreamHead } from '../planWrite.js';

export async function readHeads(
  connection: CommonQueryMethods,
  writes: StreamWrite[],
  lock: 'unlocked' | 'for update',
): Promise<Map<string, StreamHead>> {
  const statement = lock === 'for update' ? 'streams_heads_for_update' : 'streams_heads';
  const rows = await connection.any(sql.prepared(statement, headRow)`
    select stream_id as "streamId", revision, last_hash as "hash", last_recorded_at as "recordedAt"
    from streams
    where stream_id = any(${sql.array(
      writes.map((write) => write.streamId),
      'text',
    )})
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
