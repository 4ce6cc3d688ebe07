import type { CommonQueryMethods } from 'slonik';
import { z } from 'zod';
import { sql } from '../infrastructure/postgres/sql.js';

const lagRow = z.object({ name: z.string(), lag: z.number().int() });

/**
 * Events stored after each subscriber's checkpoint, capped so a scrape stays cheap however far
 * behind a subscriber is. Only for the PostgreSQL event store (the events table is local).
 */
export async function subscriptionLag(
  db: CommonQueryMethods,
): Promise<readonly { name: string; lag: number }[]> {
  return db.any(sql.type(lagRow)`
    select c.name,
      (select count(*)::int4 from (select 1 from events e where e.position > c.position limit 100000) behind) as lag
    from subscription_checkpoints c
    order by c.name
  `);
}
