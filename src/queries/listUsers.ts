import type { CommonQueryMethods } from 'slonik';
import { z } from 'zod';
import { sql } from '../infrastructure/postgres/sql.js';
import type { UserRow } from './userRow.js';
import { userColumns, userRow } from './userRow.js';

export type UserPageRequest = { skip: number; limit: number };
export type UserPage = { items: UserRow[]; total: number };

/** Accounts oldest first; ties broken by id so that pages neither repeat nor skip a row. */
export const listUsers =
  (db: CommonQueryMethods) =>
  async ({ skip, limit }: UserPageRequest): Promise<UserPage> => {
    const [items, total] = await Promise.all([
      db.any(sql.type(userRow)`
        select ${userColumns} from users where not deleted
        order by created_at, id
        offset ${skip} limit ${limit}
      `),
      db.oneFirst(sql.type(z.object({ total: z.number() }))`
        select count(*)::int4 as total from users where not deleted
      `),
    ]);
    return { items: [...items], total };
  };
