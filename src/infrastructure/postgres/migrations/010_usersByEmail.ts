import type { Migration } from '../migrate.js';
import { sql } from '../sql.js';

/**
 * Staff look accounts up by email (`GET /users/?email=`). Emails are stored normalised (trimmed, lower
 * case) and only live accounts are searched; a rebuild's shadow table copies the index.
 */
export const usersByEmailMigration: Migration = {
  id: '010_usersByEmail',
  statements: [sql.typeAlias('void')`create index on users (email) where not deleted`],
};
