import type { Migration } from '../migrate.js';
import { sql } from '../sql.js';

/**
 * Failed logins for addresses that have no account, counted so that such an address "locks" just
 * like a real one and the answer reveals nothing. Keyed by the keyed hash, never the address.
 */
export const unknownEmailLoginsMigration: Migration = {
  id: '004_unknownEmailLogins',
  statements: [
    sql.typeAlias('void')`
      create table unknown_email_logins (
        email_hash text primary key,
        failures integer not null,
        first_failed_at timestamptz not null,
        last_failed_at timestamptz not null
      )
    `,
  ],
};
