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

/** The live accounts among these ids, by id (for batched lookups: see batchedLookup). */
export const getUsers =
  (db: CommonQueryMethods) =>
  async (ids: readonly string[]): Promise<ReadonlyMap<string, UserRow>> => {
    const rows = await db.any(sql.prepared('users_get_many', userRow)`
      select ${userColumns} from users where id = any(${sql.array(ids.filter(isUuid), 'uuid')}) and not deleted
    `);
    return new Map(rows.map((row) => [row.id, row]));
  };
