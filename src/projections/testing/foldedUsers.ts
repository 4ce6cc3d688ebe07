import type { CommonQueryMethods } from 'slonik';
import { z } from 'zod';
import type { User } from '../../domain/index.js';
import { evolve, initialState, parseUserEvent, userIdFromStream } from '../../domain/index.js';
import type { EventCodec } from '../../infrastructure/crypto/eventCodec.js';
import type { EventStore } from '../../infrastructure/eventStore/eventStore.js';
import { eventsThroughCommitted } from '../../infrastructure/eventStore/pagesThroughCommitted.js';
import { sql } from '../../infrastructure/postgres/sql.js';

/** The read-model columns that a fold of the events determines, for every live account. */
export type ComparableUser = {
  id: string;
  email: string;
  nickname: string;
  firstName: string | null;
  bio: string | null;
  role: string;
  emailVerified: boolean;
  isLocked: boolean;
  failedLoginAttempts: number;
  sessionGeneration: number;
  isProfessional: boolean;
  revision: bigint;
};

/** What the users read model must hold: every user stream of the store folded with the domain's evolve. */
export async function foldedUsers(store: EventStore, codec: EventCodec): Promise<ComparableUser[]> {
  const recorded = await codec.decodeAll(await eventsThroughCommitted(store, { after: 0n, limit: 1000 }));
  const users = new Map<string, { state: User; revision: bigint }>();
  for (const event of recorded) {
    const userId = userIdFromStream(event.streamId);
    if (userId === null) continue;
    const previous = users.get(userId)?.state ?? initialState;
    users.set(userId, {
      state: evolve(previous, parseUserEvent(event.type, event.data)),
      revision: event.revision,
    });
  }
  return [...users.values()]
    .flatMap(({ state, revision }) =>
      state.status !== 'active'
        ? []
        : [
            {
              id: state.id,
              email: state.email,
              nickname: state.nickname,
              firstName: state.firstName,
              bio: state.bio,
              role: state.role,
              emailVerified: state.emailVerified,
              isLocked: state.locked,
              failedLoginAttempts: state.failedAttempts,
              sessionGeneration: state.sessionGeneration,
              isProfessional: state.isProfessional,
              revision,
            },
          ],
    )
    .sort(byId);
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const comparableRow = z.object({
  id: z.string(),
  email: z.string(),
  nickname: z.string(),
  firstName: z.string().nullable(),
  bio: z.string().nullable(),
  role: z.string(),
  emailVerified: z.boolean(),
  isLocked: z.boolean(),
  failedLoginAttempts: z.number(),
  sessionGeneration: z.number(),
  isProfessional: z.boolean(),
  revision: z.bigint(),
});

/** The same columns as the read model holds them. */
export async function projectedUsers(db: CommonQueryMethods): Promise<ComparableUser[]> {
  const rows = await db.any(sql.type(comparableRow)`
    select id, email, nickname, first_name as "firstName", bio, role, email_verified as "emailVerified",
      is_locked as "isLocked", failed_login_attempts as "failedLoginAttempts",
      session_generation as "sessionGeneration",
      is_professional as "isProfessional", revision
    from users where not deleted
  `);
  return [...rows].sort(byId);
}

/** Every column of every row, tombstones included, to compare two projections of the same events. */
export async function usersTable(db: CommonQueryMethods): Promise<unknown[]> {
  const rows = await db.any(sql.type(z.object({ row: z.record(z.string(), z.unknown()) }))`
    select to_jsonb(users) as row from users order by id
  `);
  return rows.map(({ row }) => row);
}
