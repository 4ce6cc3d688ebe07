import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { DatabasePool } from 'slonik';
import { z } from 'zod';
import { sql } from '../postgres/sql.js';

/** What a presented refresh token turns out to be. */
export type SpentRefreshToken =
  /** Good for one exchange, and now spent: the caller hands out a successor in the same family. */
  | { kind: 'spent'; userId: string; sessionGeneration: number; familyId: string }
  /** Spent before, longer ago than the leeway: someone else holds a copy of it. */
  | { kind: 'reused'; userId: string }
  /** Unknown, expired, or spent a moment ago (a retried request): refused, nothing more. */
  | { kind: 'refused' };

export type RefreshTokens = {
  /**
   * A new refresh token for the account at its session generation: the first of a new family (a
   * sign-in), or the successor in `familyId`. Its term starts now.
   */
  issue(userId: string, sessionGeneration: number, now: Date, familyId?: string): Promise<string>;
  /** Spends a token: each is good for one exchange, within its term. */
  spend(token: string, now: Date): Promise<SpentRefreshToken>;
};

const spendRow = z.object({
  kind: z.enum(['spent', 'reused', 'refused']),
  userId: z.string(),
  sessionGeneration: z.number().int(),
  familyId: z.string(),
});

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
    async issue(userId, sessionGeneration, now, familyId = randomUUID()) {
      const token = randomBytes(32).toString('base64url');
      const at = now.toISOString();
      await pool.query(sql.typeAlias('void')`
        with pruned as (
          delete from refresh_tokens where token_hash in (
            select token_hash from refresh_tokens where expires_at < ${at}::timestamptz
            limit ${PRUNED_PER_ISSUE} for update skip locked
          )
        )
        insert into refresh_tokens (token_hash, family_id, user_id, session_generation, issued_at, expires_at)
        values (
          ${hashOf(token)}, ${familyId}, ${userId}, ${sessionGeneration}, ${at}::timestamptz,
          ${new Date(now.getTime() + ttlMs).toISOString()}::timestamptz
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
          returning user_id, session_generation, family_id
        )
        select 'spent' as kind, user_id as "userId", session_generation as "sessionGeneration",
          family_id as "familyId"
        from spent
        union all
        select case when used_at < ${leewayStart}::timestamptz then 'reused' else 'refused' end,
          user_id, session_generation, family_id
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
        familyId: row.familyId,
      };
    },
  };
}
