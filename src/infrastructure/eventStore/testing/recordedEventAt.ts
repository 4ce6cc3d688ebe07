import type { RecordedEvent } from '../eventStore.js';

/** A stored event as a reader gets it, at `position`, for specs of readers that need no store. */
export const recordedEventAt = (position: bigint, streamId = 'test-1'): RecordedEvent => ({
  eventId: `event-${position}`,
  type: 'Tested',
  data: {},
  metadata: {
    occurredAt: '1970-01-01T00:00:00.000Z',
    actorId: null,
    actorRole: null,
    correlationId: 'c',
    causationId: null,
    schemaVersion: 1,
  },
  streamId,
  revision: position,
  position,
  recordedAt: new Date(0),
  hash: '',
});
