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
): AsyncGenerator<RecordedEvent[]> {
  const committedAtStart = await store.lastCommittedPosition();
  let position = after;
  let everythingVisible = false;
  for (;;) {
    const page = await store.readAll({ after: position, limit, ...(streamPrefixes && { streamPrefixes }) });
    if (page.length > 0) {
      yield page;
      position = page.at(-1)!.position;
      continue;
    }
    if (everythingVisible) return;
    everythingVisible = (await store.headPosition()) >= committedAtStart;
    if (!everythingVisible) await delay(HELD_BACK_RETRY_MS);
  }
}

/** pagesThroughCommitted, all in one array: for tests and small stores. */
export async function eventsThroughCommitted(
  store: Pick<EventStore, 'readAll' | 'headPosition' | 'lastCommittedPosition'>,
  options: ReadAllOptions,
): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const page of pagesThroughCommitted(store, options)) events.push(...page);
  return events;
}
