import type { EventStoreDBClient, ReadPosition } from '@eventstore/db-client';
import {
  BACKWARDS,
  END,
  FORWARDS,
  START,
  StreamDeletedError,
  StreamNotFoundError,
} from '@eventstore/db-client';
import type { ReadAllOptions, ReadStreamOptions, RecordedEvent } from '../eventStore.js';
import { toRecordedEvent } from './esdbEvents.js';

const PAGE_SIZE = 500;

export async function readStream(
  client: EventStoreDBClient,
  streamId: string,
  { fromRevision = 0n, toRevision, until }: ReadStreamOptions = {},
): Promise<RecordedEvent[]> {
  if (toRevision !== undefined && toRevision < fromRevision) return [];
  const maxCount = toRevision === undefined ? undefined : toRevision - fromRevision + 1n;
  const events: RecordedEvent[] = [];
  await whenStreamExists(async () => {
    for await (const resolved of client.readStream(streamId, {
      fromRevision,
      ...(maxCount && { maxCount }),
    })) {
      const event = toRecordedEvent(resolved);
      // recordedAt never decreases within a stream, so the first event past `until` ends the read.
      if (event && until && event.recordedAt > until) break;
      if (event) events.push(event);
    }
  });
  return events;
}

/** The stream's newest event, or null when it has none (missing or soft-deleted). */
export async function readLastEvent(
  client: EventStoreDBClient,
  streamId: string,
): Promise<RecordedEvent | null> {
  const [last] = await readBackwards(client, streamId, 1);
  return last ?? null;
}

export async function readBackwards(
  client: EventStoreDBClient,
  streamId: string,
  count: number,
): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  await whenStreamExists(async () => {
    const read = client.readStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: count });
    for await (const resolved of read) {
      const event = toRecordedEvent(resolved);
      if (event) events.push(event);
    }
  });
  return events;
}

/**
 * $all has no server-side filter on reads in this client (only subscriptions have one), so pages
 * are filtered here. A page starts at the last position seen, which it includes: hence `> cursor`.
 */
export async function readAll(client: EventStoreDBClient, options: ReadAllOptions): Promise<RecordedEvent[]> {
  const matches: RecordedEvent[] = [];
  let cursor = options.after;
  for (;;) {
    const fromPosition: ReadPosition = cursor > 0n ? { commit: cursor, prepare: cursor } : START;
    let scanned = 0;
    for await (const resolved of client.readAll({ fromPosition, maxCount: PAGE_SIZE, direction: FORWARDS })) {
      scanned += 1;
      const recorded = resolved.event;
      if (!recorded || recorded.position.commit <= cursor) continue;
      cursor = recorded.position.commit;
      const event = hasPrefix(recorded.streamId, options.streamPrefixes) ? toRecordedEvent(resolved) : null;
      if (event) matches.push(event);
      if (matches.length === options.limit) return matches;
    }
    if (scanned < PAGE_SIZE) return matches;
  }
}

/** Commit position of the newest event of ours (system events skipped), 0n when there is none. */
export async function headPosition(client: EventStoreDBClient): Promise<bigint> {
  for await (const resolved of client.readAll({
    fromPosition: END,
    direction: BACKWARDS,
    maxCount: PAGE_SIZE,
  })) {
    const event = toRecordedEvent(resolved);
    if (event) return event.position;
  }
  return 0n;
}

export function hasPrefix(streamId: string, prefixes: readonly string[] | undefined): boolean {
  return prefixes === undefined || prefixes.some((prefix) => streamId.startsWith(prefix));
}

async function whenStreamExists(read: () => Promise<void>): Promise<void> {
  try {
    await read();
  } catch (error) {
    if (error instanceof StreamNotFoundError || error instanceof StreamDeletedError) return;
    throw error;
  }
}
