import type { Migration } from '../migrate.js';
import { sql } from '../sql.js';

/** Per-subject data keys for crypto-shredding (see crypto/dataKeyStore.ts); kept outside the event log. */
export const dataKeysMigration: Migration = {
  id: '002_dataKeys',
  statements: [
    sql.typeAlias('void')`
      create table data_keys (
        subject_id text primary key,
        wrapped_key bytea,
        created_at timestamptz not null default now(),
        destroyed_at timestamptz
      )
    `,
  ],
};
