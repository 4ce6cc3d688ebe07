import type { AllStreamResolvedEvent, EventData, ResolvedEvent } from '@eventstore/db-client';
import { jsonEvent } from '@eventstore/db-client';
import { z } from 'zod';
import type { RecordedEvent } from '../eventStore.js';
import { eventMetadataSchema, jsonObjectSchema } from '../eventSchemas.js';
import type { PlannedEvent } from '../planWrite.js';

/**
 * What the store adds to an event's metadata in EventStoreDB. `$correlationId` and `$causationId`
 * feed EventStoreDB's own projections ($by_correlation_id); the other two carry the hash chain,
 * computed before the append, so recordedAt is ours rather than the server's `created`.
 */
const storeMetadataSchema = z.looseObject({
  $chainHash: z.string(),
  $recordedAt: z.iso.datetime(),
  $correlationId: z.string().optional(),
  $causationId: z.string().optional(),
});

export function toEventData(event: PlannedEvent): EventData {
  return jsonEvent({
    id: event.eventId,
    type: event.type,
    data: event.data,
    metadata: {
      ...event.metadata,
      $correlationId: event.metadata.correlationId,
      ...(event.metadata.causationId !== null && { $causationId: event.metadata.causationId }),
      $chainHash: event.hash,
      $recordedAt: event.recordedAt.toISOString(),
    },
  });
}

/**
 * Our event, or null for what this store did not write: system events, links, other applications'
 * events (no chain hash). What carries a chain hash must be well-formed, or this throws.
 */
export function toRecordedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | null {
  const event = resolved.event;
  if (!event?.isJson || !isChained(event.metadata)) return null;
  if (!event.position) {
    throw new Error('EventStoreDB did not report an event position: version 22.6 or later is required');
  }
  const {
    $chainHash,
    $recordedAt,
    $correlationId: _c,
    $causationId: _d,
    ...metadata
  } = storeMetadataSchema.parse(event.metadata);
  return {
    eventId: event.id,
    type: event.type,
    data: jsonObjectSchema.parse(event.data),
    metadata: eventMetadataSchema.parse(metadata),
    streamId: event.streamId,
    revision: event.revision,
    position: event.position.commit,
    recordedAt: new Date($recordedAt),
    hash: $chainHash,
  };
}

function isChained(metadata: unknown): boolean {
  return typeof metadata === 'object' && metadata !== null && '$chainHash' in metadata;
}
