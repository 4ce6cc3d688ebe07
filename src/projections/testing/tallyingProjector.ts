import type { CommonQueryMethods } from 'slonik';
import { z } from 'zod';
import type { RecordedEvent } from '../../infrastructure/eventStore/eventStore.js';
import { sql } from '../../infrastructure/postgres/sql.js';
import type { Projector } from '../projector.js';

/**
 * Counts, per event, how many committed batches applied it. Unlike a revision-guarded read model it
 * is not idempotent, so any count but 1 shows a runner that lost or repeated an event.
 */
export function tallyingProjector(
  name: string,
  options: { handles?: readonly string[]; beforeApply?: (event: RecordedEvent) => void } = {},
): Projector {
  return {
    name,
    handles: options.handles ?? ['Ticked'],
    async apply(event, tx) {
      options.beforeApply?.(event);
      await tx.query(sql.typeAlias('void')`
        insert into tallies (position, times) values (${event.position}, 1)
        on conflict (position) do update set times = tallies.times + 1
      `);
      return 'applied';
    },
  };
}

export async function createTallies(db: CommonQueryMethods): Promise<void> {
  await db.query(
    sql.typeAlias('void')`create table tallies (position bigint primary key, times int not null)`,
  );
}

/** How often each event was applied, in position order. */
export async function tallies(db: CommonQueryMethods): Promise<{ position: bigint; times: number }[]> {
  const rows = await db.any(sql.type(z.object({ position: z.bigint(), times: z.number() }))`
    select position, times from tallies order by position
  `);
  return [...rows];
}
