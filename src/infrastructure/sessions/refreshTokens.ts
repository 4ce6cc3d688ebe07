import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { DatabasePool } from 'slonik';
import { z } from 'zod';
import { sql } from '../postgres/sql.js';

/** What a presented refresh token turns out to be. */
export type SpentRefreshToken =
  /** Good for one exchange, and now spent: the caller hands out a successor in the same family. */
  | { kind: 'spent'; userId: string; sessionGeneration: number; session: RefreshSession }
  /** Spent before, longer ago than the leeway: someone else holds a copy of it. */
  | { kind: 'reused'; userId: string }
  /** Unknown, expired, or spent a moment ago (a retried request): refused, nothing more. */
  | { kind: 'refused' };

/** A session that stays signed in: one sign-in and the refresh tokens it was exchanged for (a family). */
export type RefreshSession = { id: string; startedAt: Date };

/** A session as its holder sees it listed. */
export type ListedSession = RefreshSession & { lastRefreshedAt: Date; expiresAt: Date };

export type RefreshTokens = {
  /**
   * A new refresh token for the account at its session generation: the first of a new session (a
   * sign-in, by default one begun now), or the successor in `session`. Its term starts now.
   */
  issue(userId: string, sessionGeneration: number, now: Date, session?: RefreshSession): Promise<string>;
  /** Spends a token: each is good for one exchange, within its term. */
  spend(token: string, now: Date): Promise<SpentRefreshToken>;
  /** The account's sessions at its generation that can still be refreshed, oldest first. */
  sessions(userId: string, sessionGeneration: number, now: Date): Promise<ListedSession[]>;
  /** Removes a session's refresh tokens: whether it was one of the account's that could still be refreshed. */
  end(userId: string, sessionId: string, now: Date): Promise<boolean>;
};

const spendRow = z.object({
  kind: z.enum(['spent', 'reused', 'refused']),
  userId: z.string(),
  sessionGeneration: z.number().int(),
  familyId: z.string(),
  startedAt: z.coerce.date(),
});
const sessionRow = z.object({
  id: z.string(),
  startedAt: z.coerce.date(),
  lastRefreshedAt: z.coerce.date(),
  expiresAt: z.coerce.date(),
});

/** Tokens of earlier releases do not carry their session's start: their own issue is the best known. */
const startedAt = sql.fragment`coalesce(session_started_at, issued_at)`;

/** Expired rows removed by each issue, at most: the table stays as large as the live sessions. */
const PRUNED_PER_ISSUE = 10;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Rotating refresh tokens, stored only as SHA-256 hashes (they are 256 random bits: a plain hash is
 * enough). Spending is one guarded update, so two requests racing with one token get one successor.
 */
export function createPostgresRefreshTokens(
  pool: DatabasePool,
  { ttlMs, reuseLeewayMs }: { ttlMs: number; reuseLeewayMs: number },
): RefreshTokens {
  return {
    async issue(userId, sessionGeneration, now, session = { id: randomUUID(), startedAt: now }) {
      const token = randomBytes(32).toString('base64url');
      const at = now.toISOString();
      await pool.query(sql.typeAlias('void')`
        with pruned as (
          delete from refresh_tokens where token_hash in (
            select token_hash from refresh_tokens where expires_at < ${at}::timestamptz
            limit ${PRUNED_PER_ISSUE} for update skip locked
          )
        )
        insert into refresh_tokens (
          token_hash, family_id, user_id, session_generation, issued_at, expires_at, session_started_at
        ) values (
          ${hashOf(token)}, ${session.id}, ${userId}, ${sessionGeneration}, ${at}::timestamptz,
          ${new Date(now.getTime() + ttlMs).toISOString()}::timestamptz, ${session.startedAt.toISOString()}::timestamptz
        )
      `);
      return token;
    },
    async spend(token, now) {
      const at = now.toISOString();
      const leewayStart = new Date(now.getTime() - reuseLeewayMs).toISOString();
      // The second branch reads the row as it was before this statement: a token spent by it is not
      // seen there as spent before.
      const row = await pool.maybeOne(sql.type(spendRow)`
        with spent as (
          update refresh_tokens set used_at = ${at}::timestamptz
          where token_hash = ${hashOf(token)} and used_at is null and expires_at > ${at}::timestamptz
          returning user_id, session_generation, family_id, ${startedAt} as started_at
        )
        select 'spent' as kind, user_id as "userId", session_generation as "sessionGeneration",
          family_id as "familyId", started_at as "startedAt"
        from spent
        union all
        select case when used_at < ${leewayStart}::timestamptz then 'reused' else 'refused' end,
          user_id, session_generation, family_id, ${startedAt}
        from refresh_tokens
        where token_hash = ${hashOf(token)} and used_at is not null and expires_at > ${at}::timestamptz
          and not exists (select from spent)
      `);
      if (!row || row.kind === 'refused') return { kind: 'refused' };
      if (row.kind === 'reused') return { kind: 'reused', userId: row.userId };
      return {
        kind: 'spent',
        userId: row.userId,
        sessionGeneration: row.sessionGeneration,
        session: { id: row.familyId, startedAt: row.startedAt },
      };
    },
    async sessions(userId, sessionGeneration, now) {
      // A session's live token is its one not yet exchanged.
      const rows = await pool.any(sql.type(sessionRow)`
        select family_id as id, ${startedAt} as "startedAt", issued_at as "lastRefreshedAt",
          expires_at as "expiresAt"
        from refresh_tokens
        where user_id = ${userId} and used_at is null and expires_at > ${now.toISOString()}::timestamptz
          and session_generation = ${sessionGeneration}
        order by ${startedAt}, family_id
      `);
      return [...rows];
    },
    async end(userId, sessionId, now) {
      const ended = await pool.any(sql.type(z.object({ live: z.boolean() }))`
        delete from refresh_tokens where user_id = ${userId} and family_id = ${sessionId}
        returning used_at is null and expires_at > ${now.toISOString()}::timestamptz as live
      `);
      return ended.some((row) => row.live);
    },
  };
}
