import type { DatabasePool } from 'slonik';
import { z } from 'zod';
import { sql } from '../../src/infrastructure/postgres/sql.js';

const storedEventRow = z.object({ eventId: z.string(), position: z.bigint() });

/**
 * Every event in the PostgreSQL store's table (of the streams whose ids start with one of
 * `streamPrefixes`, when given), in position order. Unlike the store's readAll, it includes committed
 * events still held back behind an older open transaction (any test's, in the same cluster), so a
 * spec can compare what a reader delivered with everything there is.
 */
export async function storedEvents(pool: DatabasePool, streamPrefixes?: readonly string[]) {
  return pool.any(sql.type(storedEventRow)`
    select event_id as "eventId", position from events
    where ${streamPrefixes ? sql.fragment`stream_id ^@ any(${sql.array([...streamPrefixes], 'text')})` : sql.fragment`true`}
    order by position
  `);
}
