import { setTimeout as delay } from 'node:timers/promises';
import type { EventStore, ReadAllOptions, RecordedEvent } from './eventStore.js';

const HELD_BACK_RETRY_MS = 10;

/**
 * The global log after `after`, page by page, through every event committed when the read begins.
 * An empty page alone does not end it: an event already committed can still be held back behind an
 * older open transaction (see the PostgreSQL store's watermark), and a one-off reader (an audit, a
 * replay) that stopped there would leave it out. It ends once the visible head has reached what was
 * committed at the start and a page after that finds nothing more.
 */
export async function* pagesThroughCommitted(
  store: Pick<EventStore, 'readAll' | 'headPosition' | 'lastCommittedPosition'>,
  { after, limit, streamPrefixes }: ReadAllOptions,
  { heldBackTimeoutMs = 60_000 }: { heldBackTimeoutMs?: number } = {},
): AsyncGenerator<RecordedEvent[]> {
  const committedAtStart = await store.lastCommittedPosition();
  let position = after;
  let everythingVisible = false;
  let heldBackSince: number | null = null;
  for (;;) {
    const page = await store.readAll({ after: position, limit, ...(streamPrefixes && { streamPrefixes }) });
    if (page.length > 0) {
      heldBackSince = null;
      yield page;
      position = page.at(-1)!.position;
      continue;
    }
    if (everythingVisible) return;
    const visibleHead = await store.headPosition();
    everythingVisible = visibleHead >= committedAtStart;
    if (everythingVisible) continue;
    heldBackSince ??= Date.now();
    if (Date.now() - heldBackSince > heldBackTimeoutMs) {
      throw new HeldBackError(visibleHead, committedAtStart, heldBackTimeoutMs);
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
