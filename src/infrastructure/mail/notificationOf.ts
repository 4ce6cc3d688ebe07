import { evolve, initialState, parseUserEvent, userIdFromStream } from '../../domain/index.js';
import type { EmailNotification, Skip } from '../../notifications/index.js';
import { notificationFor, notifiedEventTypes, recipientOf } from '../../notifications/index.js';
import type { EventCodec } from '../crypto/eventCodec.js';
import type { EventStore, RecordedEvent } from '../eventStore/eventStore.js';

/**
 * The email a stored event calls for. Recipient and name come from the account's own stream, read
 * up to this event and decrypted, so the subscriber needs no read model and a replay mails the same
 * address as the first delivery did. Null for the (many) events that never lead to a mail.
 */
export async function notificationOf(
  deps: { store: EventStore; codec: EventCodec },
  event: RecordedEvent,
): Promise<EmailNotification | Skip | null> {
  if (!notifiedEventTypes.some((type) => type === event.type) || !userIdFromStream(event.streamId))
    return null;
  const recorded = await deps.store.readStream(event.streamId, { toRevision: event.revision });
  if (recorded.at(-1)?.eventId !== event.eventId) return { skipped: 'the event is not in its stream' };
  const history = (await deps.codec.decodeAll(recorded, { clientDetails: false })).map((stored) =>
    parseUserEvent(stored.type, stored.data),
  );
  const state = history.reduce(evolve, initialState);
  return notificationFor(
    history.at(-1)!,
    { eventId: event.eventId, occurredAt: event.metadata.occurredAt },
    recipientOf(state),
  );
}
