import type { FragmentSqlToken, IdentifierSqlToken } from 'slonik';
import type { ProfileChanges, UserEvent } from '../domain/index.js';
import { InvalidEventError, parseUserEvent, userEventTypes, userIdFromStream } from '../domain/index.js';
import type { RecordedEvent } from '../infrastructure/eventStore/eventStore.js';
import { sql } from '../infrastructure/postgres/sql.js';
import type { ProjectedStatement, Projector, ReadModel, Tally } from './projector.js';
import { waveStatement } from './statementWaves.js';

export const usersReadModelName = 'users-read-model';

/**
 * One row per account in `users`. Every event of a user stream moves the row's `revision` to the
 * event's, and applies only to a row below it: a replayed event changes nothing. Times are the
 * events' `occurredAt`. Deletion and erasure leave a tombstone with no personal data, which queries
 * hide and which keeps an older event, replayed, from bringing the account back. `users_totals`
 * holds the number of live accounts, for the pages' `total`.
 */
export const usersReadModel: ReadModel = {
  name: usersReadModelName,
  tables: ['users', 'users_totals'],
  projector: (name, tableSuffix) =>
    usersProjector(name, {
      users: sql.identifier([`users${tableSuffix}`]),
      totals: sql.identifier([`users_totals${tableSuffix}`]),
    }),
};

/** Where the users projector writes: the accounts, and the one-row count of live ones. */
export type UsersTables = { users: IdentifierSqlToken; totals: IdentifierSqlToken };

/** The users projector writing to `users`, which may name tables in another schema (a replay). */
export function usersProjector(name: string, tables: UsersTables): Projector {
  const liveAccounts = liveAccountsTally(tables.totals);
  return {
    name,
    handles: userEventTypes,
    async apply(recorded, tx) {
      const read = readUserEvent(recorded);
      if ('skipped' in read) return read;
      await tx.query(waveStatement([statementOf(tables, liveAccounts, read, recorded)]));
      return 'applied';
    },
    statementFor(recorded, when) {
      const read = readUserEvent(recorded);
      return 'skipped' in read ? null : statementOf(tables, liveAccounts, read, recorded, when);
    },
    // A projector of an earlier version, still running after the migration that added the count, did
    // not keep it: count once at start.
    async reconcile(tx) {
      await tx.query(sql.typeAlias('void')`
        insert into ${tables.totals} (live) select count(*) from ${tables.users} where not deleted
        on conflict (singleton) do update set live = excluded.live
      `);
    },
  };
}

/**
 * The count of live accounts moves with the statements that change it, by the rows they actually
 * changed: an event applied again changes no row, so it counts nothing either.
 */
const liveAccountsTally = (totals: IdentifierSqlToken): Tally => ({
  name: 'live',
  add: (deltas) => sql.fragment`
    insert into ${totals} (live) select sum(delta) from ${deltas} as deltas having count(*) > 0
    on conflict (singleton) do update set live = ${totals}.live + excluded.live
  `,
});

/** The one statement applying a user event: each changes its account's row only. */
function statementOf(
  tables: UsersTables,
  liveAccounts: Tally,
  { userId, event }: { userId: string; event: UserEvent },
  recorded: RecordedEvent,
  when?: FragmentSqlToken,
): ProjectedStatement {
  const guard = when ? sql.fragment`and ${when}` : sql.fragment``;
  if (event.type === 'UserRegistered') {
    const statement = insertStatement(tables, userId, event, recorded, guard);
    return { shape: 'users_insert', target: userId, statement, tally: liveAccounts };
  }
  if (isEnding(event)) {
    const statement = endStatement(tables, userId, recorded, guard);
    return { shape: 'users_end', target: userId, statement, tally: liveAccounts };
  }
  const statement = updateStatement(tables, userId, event, recorded, guard);
  return { shape: 'users_update', target: userId, statement };
}

function insertStatement(
  { users }: UsersTables,
  userId: string,
  { data }: Extract<UserEvent, { type: 'UserRegistered' }>,
  recorded: RecordedEvent,
  guard: FragmentSqlToken,
): FragmentSqlToken {
  const at = recorded.metadata.occurredAt;
  return sql.fragment`
    insert into ${users} (
      id, email, nickname, first_name, last_name, bio, profile_picture_url, linkedin_profile_url,
      github_profile_url, role, email_verified, created_at, updated_at, revision
    ) select
      ${userId}, ${data.email}, ${data.nickname}, ${storable(data.firstName)}, ${storable(data.lastName)},
      ${storable(data.bio)}, ${storable(data.profilePictureUrl)}, ${storable(data.linkedinProfileUrl)},
      ${storable(data.githubProfileUrl)}, ${data.role},
      ${data.emailVerified}, ${at}::timestamptz, ${at}::timestamptz, ${recorded.revision}
    where true ${guard}
    on conflict (id) do nothing
    returning 1 as delta
  `;
}

/** The user stream's event as the projector reads it, or why it skips it. */
function readUserEvent(recorded: RecordedEvent): { userId: string; event: UserEvent } | { skipped: string } {
  const userId = userIdFromStream(recorded.streamId);
  if (userId === null) return { skipped: `${recorded.streamId} is not a user stream` };
  try {
    return { userId, event: parseUserEvent(recorded.type, recorded.data) };
  } catch (error) {
    if (error instanceof InvalidEventError) return { skipped: error.message };
    throw error;
  }
}

type EndingEvent = Extract<UserEvent, { type: 'UserDeleted' | 'PersonalDataErased' }>;
type ChangingEvent = Exclude<UserEvent, EndingEvent | { type: 'UserRegistered' }>;

const isEnding = (event: UserEvent): event is EndingEvent =>
  event.type === 'UserDeleted' || event.type === 'PersonalDataErased';

/** The event's changes to a live account's row, applied only over an older revision (and where the guard holds). */
function updateStatement(
  { users }: UsersTables,
  userId: string,
  event: ChangingEvent,
  recorded: RecordedEvent,
  guard: FragmentSqlToken,
): FragmentSqlToken {
  const assignments = [...changesOf(event, recorded.metadata.occurredAt), ...versionOf(recorded)];
  return sql.fragment`
    update ${users} set ${sql.join(assignments, sql.fragment`, `)}
    where id = ${userId} and revision < ${recorded.revision} and not deleted ${guard}
  `;
}

const versionOf = (recorded: RecordedEvent): FragmentSqlToken[] => [
  sql.fragment`revision = ${recorded.revision}`,
  sql.fragment`updated_at = ${recorded.metadata.occurredAt}::timestamptz`,
];

/** A tombstone; an erasure after a deletion ends an account that no longer counts: only a live one leaves the count. */
function endStatement(
  { users }: UsersTables,
  userId: string,
  recorded: RecordedEvent,
  guard: FragmentSqlToken,
): FragmentSqlToken {
  const assignments = [...tombstone, ...versionOf(recorded)];
  return sql.fragment`
    update ${users} as ended set ${sql.join(assignments, sql.fragment`, `)}
    from (
      select id, deleted from ${users} where id = ${userId} and revision < ${recorded.revision} ${guard}
      for update
    ) as was
    where ended.id = was.id
    returning case when was.deleted then 0 else -1 end as delta
  `;
}

type Value = string | number | boolean | null;
const set = (column: string, value: Value): FragmentSqlToken =>
  sql.fragment`${sql.identifier([column])} = ${typeof value === 'string' ? storable(value) : value}`;

/**
 * No PostgreSQL text can hold a NUL, which earlier releases let into names and bios: such an event
 * would stop the read model for every account. The read model shows U+FFFD in its place; the event
 * keeps the text as it was recorded.
 */
const storable = <T extends string | null>(text: T): T =>
  (text === null ? text : text.replaceAll('\u0000', '\uFFFD')) as T;
/**
 * The sessions whose access tokens must be refused: this one added, and those whose tokens have all
 * expired by the event's time dropped (a token refused or expired is refused either way).
 */
const endedSession = (
  sessionId: string,
  tokensExpireBy: string,
  at: string,
): FragmentSqlToken => sql.fragment`
  ended_sessions = coalesce((
    select jsonb_agg(session) from jsonb_array_elements(ended_sessions) as session
    where (session->>'until')::timestamptz > ${at}::timestamptz
  ), '[]'::jsonb) || jsonb_build_array(jsonb_build_object('id', ${sessionId}::text, 'until', ${tokensExpireBy}::text))
`;
const setTime = (column: string, iso: string | null): FragmentSqlToken =>
  sql.fragment`${sql.identifier([column])} = ${iso}::timestamptz`;

const profileColumns = {
  nickname: 'nickname',
  firstName: 'first_name',
  lastName: 'last_name',
  bio: 'bio',
  profilePictureUrl: 'profile_picture_url',
  githubProfileUrl: 'github_profile_url',
  linkedinProfileUrl: 'linkedin_profile_url',
} as const satisfies Record<keyof ProfileChanges, string>;

const tombstone: FragmentSqlToken[] = [
  set('deleted', true),
  ...['email', ...Object.values(profileColumns)].map((column) => set(column, null)),
];

/** The columns an event changes besides revision and updated_at (none for most token and password events). */
function changesOf(event: Exclude<UserEvent, { type: 'UserRegistered' }>, at: string): FragmentSqlToken[] {
  switch (event.type) {
    case 'EmailVerified':
      return [set('email_verified', true)];
    case 'LoginSucceeded':
      return [setTime('last_login_at', at), set('failed_login_attempts', 0)];
    case 'LoginFailed':
      return event.data.countsTowardLock ? [set('failed_login_attempts', event.data.failedAttempts)] : [];
    case 'AccountLocked':
      return [
        set('is_locked', true),
        setTime('locked_until', event.data.lockedUntil),
        set('failed_login_attempts', event.data.failedAttempts),
      ];
    case 'AccountUnlocked':
      return [set('is_locked', false), setTime('locked_until', null), set('failed_login_attempts', 0)];
    case 'PasswordReset':
      return [set('failed_login_attempts', 0)];
    case 'ProfileUpdated':
      return Object.entries(event.data.changes).flatMap(([field, value]) =>
        value === undefined ? [] : [set(profileColumns[field as keyof ProfileChanges], value)],
      );
    case 'EmailChanged':
      return [set('email', event.data.email), set('email_verified', event.data.emailVerified)];
    case 'ProfessionalStatusChanged':
      return [
        set('is_professional', event.data.isProfessional),
        setTime('professional_status_updated_at', event.data.changedAt),
      ];
    case 'RoleChanged':
      return [set('role', event.data.to)];
    case 'SessionsRevoked':
      // Every session ends with the generation: none needs remembering on its own any more.
      return [sql.fragment`session_generation = session_generation + 1`, sql.fragment`ended_sessions = '[]'`];
    case 'SessionEnded':
      return [endedSession(event.data.sessionId, event.data.tokensExpireBy, at)];
    case 'EmailVerificationRequested':
    case 'PasswordResetRequested':
    case 'PasswordChanged':
    case 'UserDeleted':
    case 'PersonalDataErased':
      return [];
  }
}
