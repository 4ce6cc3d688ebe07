import { createHash } from 'node:crypto';
import type { JsonObject, RecordedEvent, StreamRevision } from './eventStore.js';

/** The fields of an event that its hash covers: everything but the global position, which the store assigns. */
export type ChainedFields = {
  streamId: string;
  revision: StreamRevision;
  eventId: string;
  type: string;
  data: JsonObject;
  metadata: JsonObject;
  recordedAt: Date;
};

export type BrokenLink = {
  streamId: string;
  revision: StreamRevision;
  eventId: string;
  reason: 'hash-mismatch' | 'revision-gap';
};

/** The hash before a stream's first event. */
export const GENESIS_HASH = '';

/** sha256(previous hash + canonical JSON of the event), hex. Both adapters chain each stream with it. */
export function chainHash(previousHash: string, event: ChainedFields): string {
  const canonical = canonicalJson({
    streamId: event.streamId,
    revision: event.revision,
    eventId: event.eventId,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt.toISOString(),
  });
  return createHash('sha256').update(previousHash).update(canonical).digest('hex');
}

/**
 * Recomputes the chain of one stream's events (in revision order, from its first event, or from a
 * later one given the stored hash of the event before it) and returns the first event whose stored
 * hash does not match, or null when every link holds. Editing an event breaks its own link;
 * rewriting its hash too breaks the next one; removing one breaks the link of the one after.
 */
export function verifyChain(
  events: readonly RecordedEvent[],
  previousHash: string = GENESIS_HASH,
): BrokenLink | null {
  let expectedRevision = events[0]?.revision;
  let previous = previousHash;
  for (const event of events) {
    const link = { streamId: event.streamId, revision: event.revision, eventId: event.eventId };
    if (event.revision !== expectedRevision) return { ...link, reason: 'revision-gap' };
    if (chainHash(previous, event) !== event.hash) return { ...link, reason: 'hash-mismatch' };
    previous = event.hash;
    expectedRevision = event.revision + 1n;
  }
  return null;
}

/**
 * JSON with object keys sorted by UTF-16 code units and no whitespace, as RFC 8785 (JCS) does for
 * the values we store: what jsonb gives back hashes the same as what was appended. bigint is
 * written as its decimal digits; undefined members are dropped, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (hasToJson(value)) return canonicalJson(value.toJSON());
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  const members = Object.entries(value)
    .filter(([, member]) => member !== undefined && typeof member !== 'function')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`);
  return `{${members.join(',')}}`;
}

function hasToJson(value: object): value is { toJSON: () => unknown } {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}
