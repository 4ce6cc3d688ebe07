import { personalFields, userIdFromStream, withoutSecrets } from '../domain/index.js';
import type { EventMetadata, JsonObject } from '../infrastructure/eventStore/eventStore.js';

/**
 * What leaves the service, and for whom. Only user streams are published: the admin roster and the
 * uniqueness reservations are bookkeeping of the write side (a reservation stream is named after a
 * keyed hash of an email address), not facts about a user an outsider could use.
 */
export const publishedStreamPrefixes: readonly string[] = ['user-'];

export const isPublishedStream = (streamId: string): boolean => userIdFromStream(streamId) !== null;

/** Who reads: `personal` is true for audiences entitled to personal data (an ADMIN, the internal topic). */
export type Audience = { personal: boolean };

const personalMetadata = ['clientIp', 'userAgent'] as const;

/**
 * The payload as `audience` may see it. Credentials (password and token hashes) never leave the
 * service; personal fields are removed entirely, null or not, for audiences without the right to them,
 * so even "has no last name" is not disclosed.
 */
export function publishedData(type: string, data: JsonObject, audience: Audience): JsonObject {
  const shareable = withoutSecrets(type, data);
  if (audience.personal) return shareable;
  const paths = (personalFields as Partial<Record<string, readonly string[]>>)[type] ?? [];
  return paths.reduce((result, path) => withoutPath(result, path.split('.')), shareable);
}

/** Who caused the event and as part of what. Internal keys (the client's idempotency key) stay inside. */
export type PublishedMetadata = {
  actorId: string | null;
  actorRole: string | null;
  correlationId: string;
  causationId: string | null;
  clientIp?: string;
  userAgent?: string;
};

export function publishedMetadata(metadata: EventMetadata, audience: Audience): PublishedMetadata {
  const published: PublishedMetadata = {
    actorId: metadata.actorId,
    actorRole: metadata.actorRole,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
  };
  if (audience.personal) {
    for (const field of personalMetadata) {
      const value = metadata[field];
      if (typeof value === 'string') published[field] = value;
    }
  }
  return published;
}

function withoutPath(data: JsonObject, path: readonly string[]): JsonObject {
  const [head, ...rest] = path;
  if (head === undefined || !Object.hasOwn(data, head)) return data;
  const value = data[head];
  if (rest.length === 0) {
    const { [head]: _removed, ...others } = data;
    return others;
  }
  return typeof value === 'object' && value !== null
    ? { ...data, [head]: withoutPath(value as JsonObject, rest) }
    : data;
}
