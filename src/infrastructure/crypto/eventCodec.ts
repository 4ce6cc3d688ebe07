import { ERASED, mapPersonalFields } from '../../domain/index.js';
import type { EventMetadata, JsonObject, NewEvent, RecordedEvent } from '../eventStore/eventStore.js';
import type { DataKeyStore } from './dataKeyStore.js';
import { decryptField, encryptField, isEncrypted } from './fieldCipher.js';

const personalMetadata = ['clientIp', 'userAgent'] as const;

export type PlainEvent = { type: string; data: JsonObject };

export type DecodeOptions = {
  /**
   * Decrypt the client IP and user agent (audit, export, the feed). False drops them instead:
   * commands and projectors never read them, and skipping them saves two decryptions per event
   * of every stream load (a login stream is mostly sign-in events).
   */
  clientDetails?: boolean;
};

/**
 * Between the domain and the store: encrypts personal fields (payload and metadata) with the
 * subject's data key on the way in, decrypts them on the way out, and reads them as ERASED once
 * the key is gone. Events that concern no user (subject null) carry no client IP or user agent.
 */
export type EventCodec = {
  encode(
    subjectId: string | null,
    eventId: string,
    event: PlainEvent,
    metadata: EventMetadata,
  ): Promise<NewEvent>;
  decode(recorded: RecordedEvent, options?: DecodeOptions): Promise<RecordedEvent>;
  /** Decodes a batch, looking its subjects' keys up in one statement, and only those an event needs. */
  decodeAll(recorded: readonly RecordedEvent[], options?: DecodeOptions): Promise<RecordedEvent[]>;
};

export function createEventCodec(
  keys: DataKeyStore,
  subjectOf: (streamId: string) => string | null,
): EventCodec {
  return {
    async encode(subjectId, eventId, event, metadata) {
      if (subjectId === null) {
        const { clientIp: _ip, userAgent: _agent, ...rest } = metadata;
        return { eventId, type: event.type, data: event.data, metadata: rest as EventMetadata };
      }
      const key = await keys.keyFor(subjectId);
      const encrypt = (value: string) => encryptField(key, value);
      return {
        eventId,
        type: event.type,
        data: mapPersonalFields(event.type, event.data, encrypt),
        metadata: mapMetadata(metadata, encrypt),
      };
    },
    decode: async (recorded, options) => (await decodeAll([recorded], options))[0]!,
    decodeAll,
  };

  async function decodeAll(
    records: readonly RecordedEvent[],
    { clientDetails = true }: DecodeOptions = {},
  ): Promise<RecordedEvent[]> {
    const readable = records.map((stored) =>
      clientDetails ? stored : { ...stored, metadata: withoutClientDetails(stored.metadata) },
    );
    const subjectOfEncrypted = (recorded: RecordedEvent) => {
      const subjectId = subjectOf(recorded.streamId);
      return subjectId !== null && holdsCiphertext(recorded) ? subjectId : null;
    };
    const subjects = readable.map(subjectOfEncrypted);
    const keyBySubject = await keys.findAll(subjects.filter((subjectId) => subjectId !== null));
    return readable.map((recorded, index) => {
      const subjectId = subjects[index];
      if (!subjectId) return recorded;
      const key = keyBySubject.get(subjectId) ?? null;
      const decrypt = (value: string) =>
        !isEncrypted(value) ? value : key ? decryptField(key, value) : ERASED;
      return {
        ...recorded,
        data: mapPersonalFields(recorded.type, recorded.data, decrypt),
        metadata: mapMetadata(recorded.metadata, decrypt),
      };
    });
  }
}

function mapMetadata(metadata: EventMetadata, fn: (value: string) => string): EventMetadata {
  const mapped: EventMetadata = { ...metadata };
  for (const field of personalMetadata) {
    const value = metadata[field];
    if (typeof value === 'string') mapped[field] = fn(value);
  }
  return mapped;
}

function withoutClientDetails(metadata: EventMetadata): EventMetadata {
  const { clientIp: _ip, userAgent: _agent, ...rest } = metadata;
  return rest as EventMetadata;
}

function holdsCiphertext(recorded: RecordedEvent): boolean {
  let found = personalMetadata.some((field) => isEncrypted(String(recorded.metadata[field] ?? '')));
  mapPersonalFields(recorded.type, recorded.data, (value) => {
    found ||= isEncrypted(value);
    return value;
  });
  return found;
}
