import type { CommonQueryMethods } from 'slonik';
import { z } from 'zod';
import type { Role } from '../domain/index.js';
import { preparedByShape, sql } from '../infrastructure/postgres/sql.js';
import { usersReadModelName } from '../projections/usersReadModel.js';
import type { UserPage, UserPageRequest } from './listUsers.js';
import type { ReadModelState } from './readModelStateCache.js';
import { selection } from './listUsers.js';
import type { UserRow } from './userRow.js';
import { userColumns, userRow } from './userRow.js';
import { isUuid } from './uuid.js';

/**
 * When the events live in the read model's own database, one statement can read the store's
 * newest committed position, the projector's checkpoint and the rows, all in one snapshot. When
 * the checkpoint has reached the head, the rows already reflect every write committed before the
 * statement began: a consistent read in one round trip. Otherwise the caller waits for `head`
 * and reads again.
 */
export type ColocatedRead<T> = ReadModelState & { head: bigint; value: T };

/** The store's head, and the projector's checkpoint with its row's version, read once. */
const progress = sql.fragment`
  (select coalesce(max(position), 0) from events) as head,
  coalesce(checkpoint_row.position, 0) as checkpoint,
  coalesce(checkpoint_row.xmin::text, '') as version
`;
const withProgress = sql.fragment`
  (select 1) as one
  left join subscription_checkpoints as checkpoint_row on checkpoint_row.name = ${usersReadModelName}
`;

// The user columns are null when no row matched; otherwise userRow parses them.
const userWithProgress = z.looseObject({
  head: z.bigint(),
  checkpoint: z.bigint(),
  version: z.string(),
  id: z.string().nullable(),
});
const pageRowWithProgress = userWithProgress.extend({ total: z.number().nullable() });

export const listUsersColocated =
  (db: CommonQueryMethods, clock: () => Date = () => new Date()) =>
  async (page: UserPageRequest): Promise<ColocatedRead<UserPage | null>> => {
    const { where, total: counted } = selection(page, clock());
    const statement = sql.fragment`
      select ${progress}, page.*
      from ${withProgress}
      left join (
        select ${userColumns}, ${counted} as total
        from users where ${where}
        order by created_at, id
        offset ${page.skip} limit ${page.limit}
      ) as page on true
    `;
    const rows = await db.any(preparedByShape('users_list_colocated', pageRowWithProgress, statement));
    const { head, checkpoint, version, id, total } = rows[0]!;
    // A page past the end has no row to carry the total: the caller counts separately.
    const value = id === null ? null : { items: rows.map((row) => userRow.parse(row)), total: total! };
    return { head, checkpoint, version, value };
  };

export type AccountStatus = {
  id: string;
  role: Role;
  locked: boolean;
  sessionGeneration: number;
  /** Sessions signed out on their own (see SessionEnded). */
  endedSessionIds: readonly string[];
};

/**
 * Live accounts by id, with the progress of the statement that read them: what every authenticated
 * request looks up twice (its caller, for authorisation, then usually one account). Concurrent
 * requests share the statement (see batchedLookup). Every id asked for is in the answer, with null
 * when there is no such live account.
 */
export const accountsColocated =
  (db: CommonQueryMethods) =>
  async (ids: readonly string[]): Promise<ReadonlyMap<string, ColocatedRead<UserRow | null>>> => {
    const rows = await db.any(sql.prepared('users_get_many_colocated', userWithProgress)`
      select ${progress}, u.*
      from ${withProgress}
      left join (
        select ${userColumns} from users where id = any(${sql.array(ids.filter(isUuid), 'uuid')}) and not deleted
      ) as u on true
    `);
    const { head, checkpoint, version } = rows[0]!;
    const found = new Map<string, UserRow>();
    for (const row of rows) if (row.id !== null) found.set(row.id, userRow.parse(row));
    return new Map(ids.map((id) => [id, { head, checkpoint, version, value: found.get(id) ?? null }]));
  };
