import type { CommonQueryMethods, FragmentSqlToken } from 'slonik';
import { z } from 'zod';
import type { Role } from '../domain/index.js';
import { preparedByShape, sql } from '../infrastructure/postgres/sql.js';
import type { UserRow } from './userRow.js';
import { userColumns, userRow } from './userRow.js';

/**
 * Which live accounts a page lists: every one, or those matching every filter given. `email` is
 * normalised as stored; `locked` means a lock that holds now (an expired one has lifted).
 */
export type UserFilters = { email?: string; role?: Role; locked?: boolean };
export type UserPageRequest = { skip: number; limit: number } & UserFilters;
export type UserPage = { items: UserRow[]; total: number };

const pageRow = userRow.extend({ total: z.number() });

/** How many live accounts there are: kept by the projector, so no request counts the rows. */
export const liveTotal = sql.fragment`coalesce((select live from users_totals), 0)::int4`;

const isFiltered = ({ email, role, locked }: UserFilters): boolean =>
  email !== undefined || role !== undefined || locked !== undefined;

/**
 * The rows a page's filters select, and the page's total: the kept count of live accounts when
 * nothing is filtered, otherwise the matches, counted by the statement that pages through them.
 */
export function selection(
  filters: UserFilters,
  now: Date,
): { where: FragmentSqlToken; total: FragmentSqlToken } {
  if (!isFiltered(filters)) return { where: sql.fragment`not deleted`, total: liveTotal };
  const conditions = [sql.fragment`not deleted`];
  if (filters.email !== undefined) conditions.push(sql.fragment`email = ${filters.email}`);
  if (filters.role !== undefined) conditions.push(sql.fragment`role = ${filters.role}`);
  if (filters.locked !== undefined) {
    const holds = sql.fragment`is_locked and (locked_until is null or locked_until > ${now.toISOString()}::timestamptz)`;
    conditions.push(filters.locked ? holds : sql.fragment`not (${holds})`);
  }
  const where = sql.fragment`${sql.join(conditions, sql.fragment` and `)}`;
  return { where, total: sql.fragment`(count(*) over ())::int4` };
}

/**
 * Accounts oldest first; ties broken by id so that pages neither repeat nor skip a row. The page and
 * the total come from one statement; only a page past the end, which has no row to carry the total,
 * needs a second.
 */
export const listUsers =
  (db: CommonQueryMethods, clock: () => Date = () => new Date()) =>
  async (page: UserPageRequest): Promise<UserPage> => {
    const { where, total } = selection(page, clock());
    const rows = await db.any(
      preparedByShape(
        'users_list',
        pageRow,
        sql.fragment`
          select ${userColumns}, ${total} as total
          from users where ${where}
          order by created_at, id
          offset ${page.skip} limit ${page.limit}
        `,
      ),
    );
    // The rows keep their copy of the total: a harmless extra field, cheaper than copying each row.
    if (rows.length > 0) return { items: [...rows], total: rows[0]!.total };
    return { items: [], total: await countUsers(db, page, clock()) };
  };

export const countUsers = (
  db: CommonQueryMethods,
  filters: UserFilters = {},
  now = new Date(),
): Promise<number> => {
  const counted = isFiltered(filters)
    ? sql.fragment`select count(*)::int4 as total from users where ${selection(filters, now).where}`
    : sql.fragment`select ${liveTotal} as total`;
  return db.oneFirst(preparedByShape('users_count', z.object({ total: z.number() }), counted));
};
