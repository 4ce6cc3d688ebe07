import type { Migration } from '../migrate.js';
import { sql } from '../sql.js';

/**
 * Staff list accounts by role (`GET /users/?role=`) and the locked ones (`?locked=true`), in the
 * list's order: each filter walks only its own accounts. A rebuild's shadow table copies the indexes.
 */
export const usersByRoleAndLockMigration: Migration = {
  id: '011_usersByRoleAndLock',
  statements: [
    sql.typeAlias('void')`create index on users (role, created_at, id) where not deleted`,
    sql.typeAlias('void')`create index on users (created_at, id) where is_locked and not deleted`,
  ],
};
