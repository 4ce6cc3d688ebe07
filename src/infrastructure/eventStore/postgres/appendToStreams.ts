import type { CommonQueryMethods, DatabasePool, DatabaseTransactionConnection } from 'slonik';
import { UniqueIntegrityConstraintViolationError } from 'slonik';
import { sql } from '../../postgres/sql.js';
import type { AppendResult, StreamWrite } from '../eventStore.js';
import { DuplicateEventIdError, ExpectedRevisionConflictError } from '../eventStore.js';
import type { PlannedWrite, StreamHead } from '../planWrite.js';
import { assertAppendable, planWrite } from '../planWrite.js';
import { storedAppendResult } from '../storedAppend.js';
import { positionRow } from './eventRow.js';
import { findStoredEvents } from './findStoredEvents.js';
import { readHeads } from './streamHeads.js';
import { HeadMovedError, writeStream } from './writeStream.js';

/** Ordinals fill the low 16 bits of a position (see the `events` migration). */
const MAX_EVENTS_PER_APPEND = 1 << 16;
/** Under lock, an attempt only loses to the creation of a stream it saw missing: a bound, not a tuning knob. */
const MAX_ATTEMPTS = 10;

/**
 * First optimistically: read the heads, plan (check expected revisions, chain hashes), then write
 * each stream with one statement that compare-and-sets its head and inserts its events only if that
 * succeeded. A single-stream append is that one statement, atomic on its own; several run in one
 * transaction, in stream-id order so that two multi-stream appends cannot deadlock.
 * If a head moved meanwhile, again under lock (select ... for update), so that a hot stream
 * serialises its writers instead of making them retry without end.
 */
export function createAppendToStreams(pool: DatabasePool, clock: () => Date) {
  return async function appendToStreams(writes: StreamWrite[]): Promise<AppendResult> {
    assertAppendable(writes, MAX_EVENTS_PER_APPEND);
    for (let attempt = 1; ; attempt += 1) {
      try {
        return attempt === 1
          ? await appendOptimistically(pool, writes, clock())
          : await pool.transaction((transaction) => appendLocked(transaction, writes, clock()));
      } catch (error) {
        if ((error instanceof HeadMovedError || isRevisionRace(error)) && attempt < MAX_ATTEMPTS) continue;
        if (!isRefusal(error)) throw error;
        // The refusal may just be the retry of an append that succeeded (its response was lost,
        // say): then the stored result is the answer.
        const stored = await findStoredEvents(pool, writes);
        const result = storedAppendResult(writes, stored);
        if (result) return result;
        throw refusal(writes, stored, error);
      }
    }
  };
}

async function appendOptimistically(pool: DatabasePool, writes: StreamWrite[], now: Date) {
  // A new stream needs no read, nor one whose head the caller knows: if the stream is not as
  // expected after all, its compare-and-set fails and the next attempt reads the heads.
  const known = writes.every(
    (write) => write.expectedRevision === 'no_stream' || write.knownHead?.revision === write.expectedRevision,
  );
  const heads = known ? knownHeads(writes) : await readHeads(pool, writes, 'unlocked');
  const planned = writes.map((write) => planWrite(write, heads.get(write.streamId) ?? null, now));
  return planned.length === 1
    ? result(pool, planned, [await writeStream(pool, planned[0]!, 0)])
    : pool.transaction(async (transaction) =>
        result(transaction, planned, await writeAll(transaction, planned)),
      );
}

function knownHeads(writes: StreamWrite[]): Map<string, StreamHead> {
  return new Map(writes.flatMap(({ streamId, knownHead }) => (knownHead ? [[streamId, knownHead]] : [])));
}

async function appendLocked(transaction: DatabaseTransactionConnection, writes: StreamWrite[], now: Date) {
  const heads = await readHeads(transaction, writes, 'for update');
  const planned = writes.map((write) => planWrite(write, heads.get(write.streamId) ?? null, now));
  return result(transaction, planned, await writeAll(transaction, planned));
}

async function writeAll(transaction: DatabaseTransactionConnection, planned: PlannedWrite[]) {
  const ordinals = firstOrdinals(planned);
  const positions = [];
  for (const write of [...planned].sort((a, b) => (a.streamId < b.streamId ? -1 : 1))) {
    positions.push(await writeStream(transaction, write, ordinals.get(write)!));
  }
  return positions;
}

async function result(
  connection: CommonQueryMethods,
  planned: PlannedWrite[],
  positions: (bigint | null)[],
): Promise<AppendResult> {
  const written = positions.filter((position) => position !== null);
  return {
    nextRevisions: planned.map((write) => write.nextRevision),
    position: written.length > 0 ? written.reduce(max) : await lastPositionOf(connection, planned),
  };
}

const max = (a: bigint, b: bigint) => (a > b ? a : b);

/** Ordinals follow call order, so positions do too, whatever order the streams are written in. */
function firstOrdinals(planned: PlannedWrite[]): Map<PlannedWrite, number> {
  let next = 0;
  return new Map(
    planned.map((write) => {
      const first = next;
      next += write.events.length;
      return [write, first];
    }),
  );
}

async function lastPositionOf(connection: CommonQueryMethods, writes: PlannedWrite[]): Promise<bigint> {
  return connection.oneFirst(sql.type(positionRow)`
    select coalesce(max(position), 0) as position from events
    where stream_id = any(${sql.array(
      writes.map((write) => write.streamId),
      'text',
    )})
  `);
}

function isRefusal(error: unknown): boolean {
  return (
    error instanceof ExpectedRevisionConflictError ||
    error instanceof HeadMovedError ||
    error instanceof UniqueIntegrityConstraintViolationError
  );
}

/** Cannot happen while heads are compare-and-set, but if it does, planning again reports it properly. */
function isRevisionRace(error: unknown): boolean {
  return (
    error instanceof UniqueIntegrityConstraintViolationError &&
    error.constraint === 'events_stream_revision_unique'
  );
}

function refusal(writes: StreamWrite[], stored: ReadonlyMap<string, unknown>, error: unknown): unknown {
  if (error instanceof HeadMovedError) {
    const { streamId, expectedRevision, head } = error.write;
    return new ExpectedRevisionConflictError(streamId, expectedRevision, head?.revision ?? -1n, {
      cause: error,
    });
  }
  if (
    error instanceof UniqueIntegrityConstraintViolationError &&
    error.constraint === 'events_event_id_unique'
  ) {
    const eventIds = writes.flatMap((write) => write.events.map((event) => event.eventId));
    return new DuplicateEventIdError(eventIds.find((id) => stored.has(id)) ?? 'unknown', { cause: error });
  }
  return error;
}
