import type { CommonQueryMethods } from 'slonik';
import { z } from 'zod';
import { sql } from '../infrastructure/postgres/sql.js';
import type { UserRow } from './userRow.js';
import { userColumns, userRow } from './userRow.js';

/** A page of every live account, or of those with `email` (normalised: at most one). */
export type UserPageRequest = { skip: number; limit: number; email?: string };
export type UserPage = { items: UserRow[]; total: number };

const pageRow = userRow.extend({ total: z.number() });

/** How many live accounts there are: kept by the projector, so no request counts the rows. */
export const liveTotal = sql.fragment`coalesce((select live from users_totals), 0)::int4`;

/**
 * Accounts oldest first; ties broken by id so that pages neither repeat nor skip a row. The page and
 * the total come from one statement; only a page past the end, which has no row to carry the total,
 * needs a second.
 */
export const listUsers =
  (db: CommonQueryMethods) =>
  async ({ skip, limit, email }: UserPageRequest): Promise<UserPage> => {
    if (email !== undefined) return pageOf(await findUserByEmail(db, email), { skip, limit });
    const rows = await db.any(sql.prepared('users_list', pageRow)`
      select ${userColumns}, ${liveTotal} as total
      from users where not deleted
      order by created_at, id
      offset ${skip} limit ${limit}
    `);
    // The rows keep their copy of the total: a harmless extra field, cheaper than copying each row.
    if (rows.length > 0) return { items: [...rows], total: rows[0]!.total };
    return { items: [], total: await countUsers(db) };
  };

export const countUsers = (db: CommonQueryMethods): Promise<number> =>
  db.oneFirst(sql.prepared('users_count', z.object({ total: z.number() }))`
    select ${liveTotal} as total
  `);

/** The live account with this (normalised) email, if any. */
const findUserByEmail = (db: CommonQueryMethods, email: string): Promise<UserRow | null> =>
  db.maybeOne(sql.prepared('users_by_email', userRow)`
    select ${userColumns} from users where email = ${email} and not deleted
  `);

/** The page of a search that found at most one account. */
export const pageOf = (found: UserRow | null, { skip, limit }: UserPageRequest): UserPage => {
  const all = found ? [found] : [];
  return { items: all.slice(skip, skip + limit), total: all.length };
};
