import { setTimeout as delay } from 'node:timers/promises';
import type { EventStore, ReadAllOptions, RecordedEvent } from './eventStore.js';

const HELD_BACK_RETRY_MS = 10;

/**
 * The global log after `after`, page by page, through every event committed when the read begins.
 * An empty page alone does not end it: an event already committed can still be held back behind an
 * older open transaction (see the PostgreSQL store's watermark), and a one-off reader (an audit, a
 * replay) that stopped there would leave it out. Nor does a visible head that reached the start's
 * committed head, read in another statement: the watermark may sit lower for the next read (it
 * counts a transaction that has just ended, in any database, as still running). So every stream is
 * read, those not asked for are dropped here, and it ends once the reading itself has passed the
 * newest event committed at the start.
 */
export async function* pagesThroughCommitted(
  store: Pick<EventStore, 'readAll' | 'lastCommittedPosition'>,
  { after, limit, streamPrefixes }: ReadAllOptions,
  { heldBackTimeoutMs = 60_000 }: { heldBackTimeoutMs?: number } = {},
): AsyncGenerator<RecordedEvent[]> {
  const committedAtStart = await store.lastCommittedPosition();
  const asked = (event: RecordedEvent) =>
    streamPrefixes === undefined || streamPrefixes.some((prefix) => event.streamId.startsWith(prefix));
  let position = after;
  let heldBackSince: number | null = null;
  while (position < committedAtStart) {
    const page = await store.readAll({ after: position, limit });
    if (page.length > 0) {
      heldBackSince = null;
      position = page.at(-1)!.position;
      const wanted = page.filter(asked);
      if (wanted.length > 0) yield wanted;
      continue;
    }
    heldBackSince ??= Date.now();
    if (Date.now() - heldBackSince > heldBackTimeoutMs) {
      throw new HeldBackError(position, committedAtStart, heldBackTimeoutMs);
    }
    await delay(HELD_BACK_RETRY_MS);
  }
}

/**
 * Committed events stayed out of sight for too long: a transaction that began before them is still
 * open (in PostgreSQL: see pg_stat_activity for one idle in transaction). Waiting on could be forever.
 */
export class HeldBackError extends Error {
  constructor(
    /** How far the reading got. */
    readonly visibleHead: bigint,
    readonly committedHead: bigint,
    readonly waitedMs: number,
  ) {
    super(
      `events up to position ${committedHead} are committed but only those up to ${visibleHead} became ` +
        `readable within ${waitedMs} ms: an older transaction is still open (look for one idle in ` +
        'transaction in pg_stat_activity), end it and run again',
    );
    this.name = 'HeldBackError';
  }
}

/** pagesThroughCommitted, all in one array: for tests and small stores. */
export async function eventsThroughCommitted(
  ...args: Parameters<typeof pagesThroughCommitted>
): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const page of pagesThroughCommitted(...args)) events.push(...page);
  return events;
}
