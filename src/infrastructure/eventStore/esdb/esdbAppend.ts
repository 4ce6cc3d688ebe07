import type { AppendExpectedRevision, EventStoreDBClient } from '@eventstore/db-client';
import { NO_STREAM, WrongExpectedVersionError } from '@eventstore/db-client';
import type { AppendResult, StreamRevision, StreamWrite } from '../eventStore.js';
import { ExpectedRevisionConflictError } from '../eventStore.js';
import { assertAppendable, planWrite } from '../planWrite.js';
import type { StoredEventRef } from '../storedAppend.js';
import { storedAppendResult } from '../storedAppend.js';
import { toEventData } from './esdbEvents.js';
import { readBackwards, readLastEvent, readStream } from './esdbReads.js';
import { readStreamHead, truncateCreatedStream } from './esdbStreamHead.js';

/** 'any' and 'stream_exists' re-read and retry when another writer got in between. */
const MAX_ATTEMPTS = 10;

type WrittenStream = {
  streamId: string;
  created: boolean;
  nextRevision: StreamRevision;
  position: bigint | null;
};

/**
 * Each stream is appended at the exact revision its head was read at, whatever the caller
 * expected, so the hash chain computed from that head is the one stored. EventStoreDB has no
 * multi-stream transaction: writes go in order, and if one fails, the streams that earlier writes
 * created are truncated back to empty (events that went into existing streams stay).
 */
export function createAppendToStreams(client: EventStoreDBClient, clock: () => Date) {
  return async function appendToStreams(writes: StreamWrite[]): Promise<AppendResult> {
    assertAppendable(writes, Number.MAX_SAFE_INTEGER);
    const written: WrittenStream[] = [];
    try {
      for (const write of writes) written.push(await appendToStream(client, write, clock));
    } catch (error) {
      if (written.length === 0 && error instanceof ExpectedRevisionConflictError) {
        const stored = storedAppendResult(writes, await findStoredEvents(client, writes));
        if (stored) return stored;
      }
      throw await compensated(client, written, error);
    }
    const positions = written.map((stream) => stream.position).filter((position) => position !== null);
    return {
      nextRevisions: written.map((stream) => stream.nextRevision),
      position: positions.reduce((max, position) => (position > max ? position : max), 0n),
    };
  };
}

async function appendToStream(
  client: EventStoreDBClient,
  write: StreamWrite,
  clock: () => Date,
): Promise<WrittenStream> {
  for (let attempt = 1; ; attempt += 1) {
    const { last, firstRevision } = await readStreamHead(client, write.streamId);
    if (last && last.eventId === write.events.at(-1)?.eventId) {
      // Appending at the current revision would store a retry twice: report it so it is recognised.
      throw new ExpectedRevisionConflictError(write.streamId, write.expectedRevision, last.revision);
    }
    const planned = planWrite(write, last, clock(), firstRevision);
    if (planned.events.length === 0) {
      const position = last?.position ?? null;
      return { streamId: write.streamId, created: false, nextRevision: planned.nextRevision, position };
    }
    const expectedRevision: AppendExpectedRevision = last
      ? last.revision
      : firstRevision > 0n
        ? firstRevision - 1n
        : NO_STREAM;
    try {
      const result = await client.appendToStream(write.streamId, planned.events.map(toEventData), {
        expectedRevision,
      });
      return {
        streamId: write.streamId,
        created: last === null,
        nextRevision: result.nextExpectedRevision,
        position: result.position?.commit ?? (await readLastEvent(client, write.streamId))?.position ?? null,
      };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      const retryable = write.expectedRevision === 'any' || write.expectedRevision === 'stream_exists';
      if (retryable && attempt < MAX_ATTEMPTS) continue;
      const actual = error.actualVersion === NO_STREAM ? -1n : error.actualVersion;
      throw new ExpectedRevisionConflictError(write.streamId, write.expectedRevision, actual, {
        cause: error,
      });
    }
  }
}

/** Where the events of a retried call would be if it had succeeded: right after the expected revision. */
async function findStoredEvents(
  client: EventStoreDBClient,
  writes: readonly StreamWrite[],
): Promise<Map<string, StoredEventRef>> {
  const stored = new Map<string, StoredEventRef>();
  for (const { streamId, expectedRevision, events } of writes) {
    const found =
      typeof expectedRevision === 'bigint'
        ? await readStream(client, streamId, {
            fromRevision: expectedRevision + 1n,
            toRevision: expectedRevision + BigInt(events.length),
          })
        : expectedRevision === 'no_stream'
          ? (await readStream(client, streamId)).slice(0, events.length)
          : await readBackwards(client, streamId, events.length);
    for (const event of found) stored.set(event.eventId, event);
  }
  return stored;
}

async function compensated(client: EventStoreDBClient, written: WrittenStream[], error: unknown) {
  const failures: unknown[] = [];
  for (const stream of written.filter((candidate) => candidate.created).reverse()) {
    await truncateCreatedStream(client, stream.streamId, stream.nextRevision).catch((failure: unknown) =>
      failures.push(failure),
    );
  }
  return failures.length === 0
    ? error
    : new AggregateError([error, ...failures], 'append failed, and so did undoing it');
}
