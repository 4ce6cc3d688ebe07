import type { DatabaseTransactionConnection, IdentifierSqlToken, FragmentSqlToken } from 'slonik';
import type { ProfileChanges, UserEvent } from '../domain/index.js';
import { InvalidEventError, parseUserEvent, userEventTypes, userIdFromStream } from '../domain/index.js';
import type { RecordedEvent } from '../infrastructure/eventStore/eventStore.js';
import { preparedByShape, sql, voidRow } from '../infrastructure/postgres/sql.js';
import type { ApplyResult, Projector, ReadModel } from './projector.js';

export const usersReadModelName = 'users-read-model';

/**
 * One row per account in `users`. Every event of a user stream moves the row's `revision` to the
 * event's, and applies only to a row below it: a replayed event changes nothing. Times are the
 * events' `occurredAt`. Deletion and erasure leave a tombstone with no personal data, which queries
 * hide and which keeps an older event, replayed, from bringing the account back.
 */
export const usersReadModel: ReadModel = {
  name: usersReadModelName,
  tables: ['users'],
  projector: (name, tableSuffix) => usersProjector(name, sql.identifier([`users${tableSuffix}`])),
};

/** The users projector writing to `users`, which may name a table in another schema (a replay). */
export function usersProjector(name: string, users: IdentifierSqlToken): Projector {
  return {
    name,
    handles: userEventTypes,
    async apply(recorded, tx) {
      const userId = userIdFromStream(recorded.streamId);
      if (userId === null) return { skipped: `${recorded.streamId} is not a user stream` };
      let event: UserEvent;
      try {
        event = parseUserEvent(recorded.type, recorded.data);
      } catch (error) {
        if (error instanceof InvalidEventError) return { skipped: error.message };
        throw error;
      }
      if (event.type === 'UserRegistered') return insertUser(tx, users, userId, event, recorded);
      return updateUser(tx, users, userId, event, recorded);
    },
  };
}

async function insertUser(
  tx: DatabaseTransactionConnection,
  users: IdentifierSqlToken,
  userId: string,
  { data }: Extract<UserEvent, { type: 'UserRegistered' }>,
  recorded: RecordedEvent,
): Promise<ApplyResult> {
  const at = recorded.metadata.occurredAt;
  const statement = sql.fragment`
    insert into ${users} (
      id, email, nickname, first_name, last_name, bio, profile_picture_url, linkedin_profile_url,
      github_profile_url, role, email_verified, created_at, updated_at, revision
    ) values (
      ${userId}, ${data.email}, ${data.nickname}, ${data.firstName}, ${data.lastName}, ${data.bio},
      ${data.profilePictureUrl}, ${data.linkedinProfileUrl}, ${data.githubProfileUrl}, ${data.role},
      ${data.emailVerified}, ${at}::timestamptz, ${at}::timestamptz, ${recorded.revision}
    )
    on conflict (id) do nothing
  `;
  await tx.query(preparedByShape('users_insert', voidRow, statement));
  return 'applied';
}

async function updateUser(
  tx: DatabaseTransactionConnection,
  users: IdentifierSqlToken,
  userId: string,
  event: Exclude<UserEvent, { type: 'UserRegistered' }>,
  recorded: RecordedEvent,
): Promise<ApplyResult> {
  const ending = event.type === 'UserDeleted' || event.type === 'PersonalDataErased';
  const assignments = [
    ...(ending ? tombstone : changesOf(event, recorded.metadata.occurredAt)),
    sql.fragment`revision = ${recorded.revision}`,
    sql.fragment`updated_at = ${recorded.metadata.occurredAt}::timestamptz`,
  ];
  const statement = sql.fragment`
    update ${users} set ${sql.join(assignments, sql.fragment`, `)}
    where id = ${userId} and revision < ${recorded.revision} ${ending ? sql.fragment`` : sql.fragment`and not deleted`}
  `;
  await tx.query(preparedByShape('users_update', voidRow, statement));
  return 'applied';
}

type Value = string | number | boolean | null;
const set = (column: string, value: Value): FragmentSqlToken =>
  sql.fragment`${sql.identifier([column])} = ${value}`;
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
    case 'EmailVerificationRequested':
    case 'PasswordResetRequested':
    case 'PasswordChanged':
    case 'UserDeleted':
    case 'PersonalDataErased':
      return [];
  }
}
