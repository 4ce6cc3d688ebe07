import type { CommonQueryMethods } from 'slonik';
import { z } from 'zod';
import { sql } from '../infrastructure/postgres/sql.js';
import type { UserRow } from './userRow.js';
import { userColumns, userRow } from './userRow.js';

const uuid = z.uuid();

/** The account with this id, or null when there is none (never was, deleted, or not a UUID). */
export const getUser =
  (db: CommonQueryMethods) =>
  async (id: string): Promise<UserRow | null> => {
    if (!uuid.safeParse(id).success) return null;
    return db.maybeOne(sql.type(userRow)`select ${userColumns} from users where id = ${id} and not deleted`);
  };
