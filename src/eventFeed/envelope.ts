import type { RecordedEvent } from '../infrastructure/eventStore/eventStore.js';
import type { Audience, PublishedMetadata } from './publication.js';
import { publishedData, publishedMetadata } from './publication.js';

/**
 * One published event, the same on the Kafka topic and the HTTP feed. Big integers travel as
 * decimal strings: JSON numbers lose precision past 2^53 in most consumers.
 */
export interface EventEnvelope {
  /** UUID of the event. Delivery is at least once: deduplicate on it. */
  eventId: string;
  /** Event type, e.g. `UserRegistered`. */
  type: string;
  /** Version of the payload schema for this type (see GET /events/schema). */
  schemaVersion: number;
  /** `user-<userId>`. */
  streamId: string;
  /** 0-based revision of the event in its stream, as a decimal string: contiguous per user. */
  revision: string;
  /** Global position, as a decimal string: increasing but sparse; compare, never count with it. */
  position: string;
  /** When the event happened (ISO 8601). */
  occurredAt: string;
  /** The payload: never credentials; personal fields only for audiences entitled to them. */
  data: { [key: string]: unknown };
  metadata: PublishedMetadata;
}

/** Pure: `event` must be decoded already (personal fields decrypted, or ERASED after erasure). */
export function toEnvelope(event: RecordedEvent, audience: Audience): EventEnvelope {
  return {
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.metadata.schemaVersion,
    streamId: event.streamId,
    revision: event.revision.toString(),
    position: event.position.toString(),
    occurredAt: event.metadata.occurredAt,
    data: publishedData(event.type, event.data, audience),
    metadata: publishedMetadata(event.metadata, audience),
  };
}
