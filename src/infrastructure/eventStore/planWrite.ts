import type { ExpectedRevision, NewEvent, StreamRevision, StreamWrite } from './eventStore.js';
import { ExpectedRevisionConflictError } from './eventStore.js';
import { chainHash, GENESIS_HASH } from './hashChain.js';

/** What an adapter knows about a stream's last event before appending to it. */
export type StreamHead = {
  revision: StreamRevision;
  hash: string;
  recordedAt: Date;
};

export type PlannedEvent = NewEvent & {
  streamId: string;
  revision: StreamRevision;
  recordedAt: Date;
  hash: string;
  previousHash: string;
};

export type PlannedWrite = {
  streamId: string;
  expectedRevision: ExpectedRevision;
  /** Null when the stream has no events yet. */
  head: StreamHead | null;
  nextRevision: StreamRevision;
  recordedAt: Date;
  events: PlannedEvent[];
};

/**
 * Checks the expected revision against the head and chains the new events to it. recordedAt never
 * goes backwards within a stream, even when clocks do, so "the stream as it was at time T" is a prefix.
 * `firstRevision` is where an empty stream starts numbering: 0, except in an EventStoreDB stream
 * truncated by a compensation, which keeps counting.
 */
export function planWrite(
  write: StreamWrite,
  head: StreamHead | null,
  now: Date,
  firstRevision: StreamRevision = 0n,
): PlannedWrite {
  const current = head?.revision ?? -1n;
  const next = head ? head.revision + 1n : firstRevision;
  if (!satisfies(write.expectedRevision, current)) {
    throw new ExpectedRevisionConflictError(write.streamId, write.expectedRevision, current);
  }
  const recordedAt = head && head.recordedAt > now ? head.recordedAt : now;
  let previousHash = head?.hash ?? GENESIS_HASH;
  const events = write.events.map((event, index) => {
    const planned = { ...event, streamId: write.streamId, revision: next + BigInt(index), recordedAt };
    const hash = chainHash(previousHash, planned);
    const chained = { ...planned, hash, previousHash };
    previousHash = hash;
    return chained;
  });
  return {
    streamId: write.streamId,
    expectedRevision: write.expectedRevision,
    head,
    nextRevision: events.at(-1)?.revision ?? current,
    recordedAt,
    events,
  };
}

function satisfies(expected: ExpectedRevision, current: StreamRevision): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === -1n;
    case 'stream_exists':
      return current >= 0n;
    default:
      return current === expected;
  }
}

/** Refuses calls no adapter can honour: nothing to write, one stream twice, or one event id twice. */
export function assertAppendable(writes: readonly StreamWrite[], maxEvents: number): void {
  if (writes.length === 0) throw new RangeError('appendToStreams needs at least one write');
  const streamIds = new Set(writes.map((write) => write.streamId));
  if (streamIds.size !== writes.length) throw new RangeError('appendToStreams writes each stream once');
  const eventIds = writes.flatMap((write) => write.events.map((event) => event.eventId));
  if (new Set(eventIds).size !== eventIds.length) throw new RangeError('event ids repeat within the append');
  if (eventIds.length > maxEvents) throw new RangeError(`at most ${maxEvents} events per append`);
}
