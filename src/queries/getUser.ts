import type { CommonQueryMethods } from 'slonik';
import { sql } from '../infrastructure/postgres/sql.js';
import type { UserRow } from './userRow.js';
import { userColumns, userRow } from './userRow.js';
import { isUuid } from './uuid.js';

/** The account with this id, or null when there is none (never was, deleted, or not a UUID). */
export const getUser =
  (db: CommonQueryMethods) =>
  async (id: string): Promise<UserRow | null> => {
    if (!isUuid(id)) return null;
    return db.maybeOne(
      sql.prepared('users_get', userRow)`select ${userColumns} from users where id = ${id} and not deleted`,
    );
  };
