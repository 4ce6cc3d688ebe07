import type { Migration } from '../migrate.js';
import { sql } from '../sql.js';

/**
 * What the email subscriber did with each notification it handed over: queued in Redis, or sent
 * directly while Redis was unreachable. A row makes a redelivered event a no-op, also after the
 * queue's own job ids (which deduplicate only while the job is kept) are gone. No personal data.
 */
export const emailDeliveriesMigration: Migration = {
  id: '005_emailDeliveries',
  statements: [
    sql.typeAlias('void')`
      create table email_deliveries (
        event_id text primary key,
        template text not null,
        route text not null check (route in ('queue', 'direct')),
        status text not null check (status in ('enqueued', 'sending', 'sent', 'failed')),
        failure text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )
    `,
  ],
};
