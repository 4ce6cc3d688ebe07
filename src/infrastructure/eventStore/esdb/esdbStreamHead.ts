import type { EventStoreDBClient } from '@eventstore/db-client';
import { START, StreamNotFoundError } from '@eventstore/db-client';
import type { RecordedEvent, StreamRevision } from '../eventStore.js';
import { readLastEvent } from './esdbReads.js';

export type EsdbStreamHead = {
  /** The newest event, null when the stream shows none. */
  last: RecordedEvent | null;
  /** The revision the next event gets when the stream shows none. */
  firstRevision: StreamRevision;
};

/**
 * A stream emptied by a compensation (see truncateCreatedStream) shows no events but keeps its
 * numbering: EventStoreDB hides the events before `$tb` and counts on from there.
 */
export async function readStreamHead(client: EventStoreDBClient, streamId: string): Promise<EsdbStreamHead> {
  const last = await readLastEvent(client, streamId);
  if (last) return { last, firstRevision: last.revision + 1n };
  const truncateBefore = await readTruncateBefore(client, streamId);
  if (truncateBefore === undefined || truncateBefore === START) return { last: null, firstRevision: 0n };
  if (typeof truncateBefore === 'number') return { last: null, firstRevision: BigInt(truncateBefore) };
  throw new Error(`stream ${streamId} was deleted outside this event store: its next revision is unknown`);
}

/**
 * Undoes the creation of a stream by truncating it before its next revision. Not atomic with the
 * check that nobody appended since (EventStoreDB cannot condition a metadata write on the stream):
 * a new stream that a concurrent writer found and extended within that instant would be hidden too.
 */
export async function truncateCreatedStream(
  client: EventStoreDBClient,
  streamId: string,
  lastRevision: StreamRevision,
): Promise<void> {
  const last = await readLastEvent(client, streamId);
  if (last?.revision !== lastRevision) return;
  await client.setStreamMetadata(streamId, { truncateBefore: Number(lastRevision + 1n) });
}

async function readTruncateBefore(client: EventStoreDBClient, streamId: string) {
  try {
    return (await client.getStreamMetadata(streamId)).metadata?.truncateBefore;
  } catch (error) {
    if (error instanceof StreamNotFoundError) return undefined;
    throw error;
  }
}
