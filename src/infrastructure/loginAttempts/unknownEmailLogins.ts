import type { DatabasePool } from 'slonik';
import { z } from 'zod';
import { sql } from '../postgres/sql.js';

/** Failed logins for addresses without an account (see migration 004). */
export type UnknownEmailLogins = {
  /** Records one more failure and answers how many there have been in the current window. */
  recordFailure(emailHash: string, now: Date): Promise<number>;
};

const failuresRow = z.object({ failures: z.number().int() });

/** Rows past their window removed by each failure, at most: the table stays as large as the window's traffic. */
const PRUNED_PER_FAILURE = 10;

/**
 * `windowMs` mirrors the account lock duration: with automatic unlock configured the count
 * starts again after that long, so a row past its window means nothing any more and each failure
 * removes a few of those; without it, the address stays "locked" as a real account would, and
 * its row stays too.
 */
export function createPostgresUnknownEmailLogins(
  pool: DatabasePool,
  windowMs: number | null,
): UnknownEmailLogins {
  return {
    async recordFailure(emailHash, now) {
      const at = now.toISOString();
      const windowStart = windowMs === null ? null : new Date(now.getTime() - windowMs).toISOString();
      const pruning =
        windowStart === null
          ? sql.fragment``
          : sql.fragment`
              with pruned as (
                delete from unknown_email_logins where email_hash in (
                  select email_hash from unknown_email_logins
                  where last_failed_at < ${windowStart}::timestamptz and email_hash <> ${emailHash}
                  limit ${PRUNED_PER_FAILURE}
                  for update skip locked
                )
              )`;
      return pool.oneFirst(sql.type(failuresRow)`
        ${pruning}
        insert into unknown_email_logins as l (email_hash, failures, first_failed_at, last_failed_at)
        values (${emailHash}, 1, ${at}, ${at})
        on conflict (email_hash) do update set
          failures = case
            when ${windowStart}::timestamptz is not null and l.last_failed_at < ${windowStart}::timestamptz then 1
            else l.failures + 1
          end,
          last_failed_at = excluded.last_failed_at
        returning failures
      `);
    },
  };
}
