import type { RecordedEvent, StreamRevision } from '../infrastructure/eventStore/eventStore.js';
import { GENESIS_HASH, verifyChain } from '../infrastructure/eventStore/hashChain.js';

export type ChainBreak = {
  streamId: string;
  revision: StreamRevision;
  /** Null when the event at that revision is missing. */
  eventId: string | null;
  reason: 'hash-mismatch' | 'revision-gap' | 'missing-events';
};

/** What checking a stream's hash chain has found so far, event by event. */
export type StreamChain = {
  streamId: string;
  events: number;
  lastRevision: StreamRevision;
  lastHash: string;
  /** The first link that does not hold; later events are counted but no longer checked. */
  broken: ChainBreak | null;
};

export const startChain = (streamId: string): StreamChain => ({
  streamId,
  events: 0,
  lastRevision: -1n,
  lastHash: GENESIS_HASH,
  broken: null,
});

/** Checks the next stored event of the stream (events in revision order) against the chain so far. */
export function extendChain(chain: StreamChain, event: RecordedEvent): StreamChain {
  const counted = { ...chain, events: chain.events + 1 };
  if (chain.broken) return counted;
  const link = { streamId: chain.streamId, revision: event.revision, eventId: event.eventId };
  // A stream's first event may sit past revision 0 (an EventStoreDB stream emptied by a compensation
  // keeps counting); its hash, chained to the genesis, still proves nothing came before it.
  if (chain.events > 0 && event.revision !== chain.lastRevision + 1n) {
    return { ...counted, broken: { ...link, reason: 'revision-gap' } };
  }
  const mismatch = verifyChain([event], chain.lastHash);
  if (mismatch) return { ...counted, broken: { ...link, reason: mismatch.reason } };
  return { ...counted, lastRevision: event.revision, lastHash: event.hash };
}

/**
 * The chain alone cannot tell that a stream's newest events were removed: the stream's head (its
 * revision, kept apart from the events) can. Read the head before the events, so appends made
 * meanwhile only ever put the events ahead of it.
 */
export function checkHead(chain: StreamChain, head: StreamRevision): StreamChain {
  if (chain.broken || head <= chain.lastRevision) return chain;
  return {
    ...chain,
    broken: {
      streamId: chain.streamId,
      revision: chain.lastRevision + 1n,
      eventId: null,
      reason: 'missing-events',
    },
  };
}

export const checkStream = (
  streamId: string,
  events: readonly RecordedEvent[],
  head: StreamRevision,
): StreamChain => checkHead(events.reduce(extendChain, startChain(streamId)), head);
