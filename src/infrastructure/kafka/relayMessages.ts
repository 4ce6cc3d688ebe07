import type { EventEnvelope } from '../../eventFeed/index.js';
import { userIdFromStream } from '../../domain/index.js';
import { seedMessagesFor } from './seedTopics.js';

/** One Kafka record as the relay sends it. A null value is a tombstone. */
export type RelayMessage = {
  topic: string;
  key: string;
  value: string | null;
  headers: Record<string, string>;
};

/**
 * The records one published event becomes, in the order they must be written. The key is the user
 * id, so all of a user's records land on one partition in order. After PersonalDataErased comes a
 * tombstone for the key: consumers drop what they hold about the user, and a compacted topic drops
 * the user's earlier records.
 */
export function relayMessagesFor(
  envelope: EventEnvelope,
  options: { topic: string; seedTopics: boolean },
): RelayMessage[] {
  const key = userIdFromStream(envelope.streamId);
  if (key === null) return [];
  const headers = {
    'event-type': envelope.type,
    'schema-version': String(envelope.schemaVersion),
    'event-id': envelope.eventId,
  };
  const messages: RelayMessage[] = [{ topic: options.topic, key, value: JSON.stringify(envelope), headers }];
  if (envelope.type === 'PersonalDataErased') {
    messages.push({ topic: options.topic, key, value: null, headers: { 'event-id': envelope.eventId } });
  }
  if (options.seedTopics) {
    for (const { topic, message } of seedMessagesFor(envelope)) {
      messages.push({ topic, key, value: JSON.stringify(message), headers });
    }
  }
  return messages;
}
