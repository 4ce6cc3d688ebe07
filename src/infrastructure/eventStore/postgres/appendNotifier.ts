import { setTimeout as delay } from 'node:timers/promises';
import type { DatabasePool } from 'slonik';
import { sql, voidRow } from '../../postgres/sql.js';

export const APPENDED_CHANNEL = 'events_appended';

/** Under load, one notification per this many milliseconds wakes subscribers as well as one per append. */
const MIN_SPACING_MS = 10;

export type AppendNotifier = {
  /** Called after an append commits: subscribers (here and in other processes) should look. */
  appended(): void;
  /** Resolves once no notification is in flight. */
  settled(): Promise<void>;
};

/**
 * NOTIFY inside the append transaction would be the obvious place, but PostgreSQL serialises the
 * commits of all notifying transactions on one lock, which would cost the append path a third of
 * its throughput. So the notification goes out after the commit, in its own tiny statement, one at
 * a time and at most one per MIN_SPACING_MS: appends that commit meanwhile are covered by the next.
 * A notification lost to a crash or an error only delays subscribers until their next poll.
 */
export function createAppendNotifier(pool: DatabasePool): AppendNotifier {
  let inFlight: Promise<void> | null = null;
  let again = false;

  const send = async () => {
    do {
      again = false;
      await pool
        .query(sql.prepared('notify_appended', voidRow)`select from pg_notify(${APPENDED_CHANNEL}, '')`)
        .catch(() => undefined);
      if (again) await delay(MIN_SPACING_MS);
    } while (again);
    inFlight = null;
  };

  return {
    appended() {
      if (inFlight) again = true;
      else inFlight = send();
    },
    async settled() {
      await inFlight;
    },
  };
}
