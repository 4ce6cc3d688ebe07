import type { UserEvent } from '../domain/index.js';
import { userEventCatalogue, userStream } from '../domain/index.js';
import type { EventMetadata, RecordedEvent } from '../infrastructure/eventStore/eventStore.js';

/** A decoded stored event as the store would hand it back, for pure specs of what gets published. */
export function recorded(
  event: UserEvent,
  options: { revision?: bigint; position?: bigint; metadata?: Partial<EventMetadata> } = {},
): RecordedEvent {
  return {
    eventId: '11111111-1111-4111-8111-111111111111',
    type: event.type,
    data: event.data,
    metadata: {
      occurredAt: '2030-01-01T12:00:00.000Z',
      actorId: null,
      actorRole: null,
      correlationId: 'request-1',
      causationId: null,
      schemaVersion: userEventCatalogue[event.type].version,
      ...options.metadata,
    },
    streamId: userStream(event.data.userId),
    revision: options.revision ?? 0n,
    position: options.position ?? 42n,
    recordedAt: new Date('2030-01-01T12:00:00.000Z'),
    hash: '0'.repeat(64),
  };
}
