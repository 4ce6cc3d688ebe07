import type { EventMetadata, JsonObject, RecordedEvent } from '../../infrastructure/eventStore/eventStore.js';
import { chainHash, GENESIS_HASH } from '../../infrastructure/eventStore/hashChain.js';

const START = Date.parse('2030-01-01T12:00:00.000Z');

/** A minute apart from 2030-01-01T12:00Z, in stream order. */
export const minute = (index: number): Date => new Date(START + index * 60_000);

/**
 * Events as a store would return them for one stream: revisions from 0, a minute apart, chained.
 * `metadata` adds to (or overrides) each event's metadata by its index.
 */
export function recordedStream(
  streamId: string,
  events: readonly { type: string; data: JsonObject }[],
  metadata: (index: number) => Partial<EventMetadata> = () => ({}),
): RecordedEvent[] {
  let previous = GENESIS_HASH;
  return events.map((event, index) => {
    const unchained = {
      eventId: `00000000-0000-4000-9000-${String(index).padStart(12, '0')}`,
      type: event.type,
      data: event.data,
      metadata: {
        occurredAt: minute(index).toISOString(),
        actorId: null,
        actorRole: null,
        correlationId: `request-${index}`,
        causationId: null,
        schemaVersion: 1,
        ...metadata(index),
      },
      streamId,
      revision: BigInt(index),
      position: BigInt((index + 1) * 65_536),
      recordedAt: minute(index),
    };
    previous = chainHash(previous, unchained);
    return { ...unchained, hash: previous };
  });
}
