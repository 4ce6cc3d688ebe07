import type { Migration } from '../migrate.js';
import { sql } from '../sql.js';

/** Lets a failed login find the rows whose window has passed, to remove a few (see unknownEmailLogins). */
export const unknownEmailLoginsByTimeMigration: Migration = {
  id: '007_unknownEmailLoginsByTime',
  statements: [sql.typeAlias('void')`create index on unknown_email_logins (last_failed_at)`],
};
