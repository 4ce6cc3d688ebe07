import type { DatabasePool } from 'slonik';
import { z } from 'zod';
import { sql } from '../../postgres/sql.js';
import type { StreamWrite } from '../eventStore.js';
import type { StoredEventRef } from '../storedAppend.js';

const storedEventRow = z.object({
  eventId: z.string(),
  streamId: z.string(),
  revision: z.bigint(),
  position: z.bigint(),
});

/** Where the call's event ids are already stored, if anywhere (committed data: no watermark needed). */
export async function findStoredEvents(
  pool: DatabasePool,
  writes: readonly StreamWrite[],
): Promise<Map<string, StoredEventRef>> {
  const eventIds = writes.flatMap((write) => write.events.map((event) => event.eventId));
  const rows = await pool.any(sql.type(storedEventRow)`
    select event_id as "eventId", stream_id as "streamId", stream_revision as "revision", position
    from events
    where event_id = any(${sql.array(eventIds, 'uuid')})
  `);
  return new Map(rows.map(({ eventId, ...ref }) => [eventId, ref]));
}
