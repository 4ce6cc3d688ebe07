import type { CommonQueryMethods, DatabasePool } from 'slonik';
import { UniqueIntegrityConstraintViolationError } from 'slonik';
import { z } from 'zod';
import { sql } from '../../postgres/sql.js';
import type { AppendResult, StreamWrite } from '../eventStore.js';
import { DuplicateEventIdError, ExpectedRevisionConflictError } from '../eventStore.js';
import type { PlannedWrite, StreamHead } from '../planWrite.js';
import { assertAppendable, planWrite } from '../planWrite.js';
import { storedAppendResult } from '../storedAppend.js';
import { findStoredEvents } from './findStoredEvents.js';

/** Ordinals fill the low 16 bits of a position (see the `events` migration). */
const MAX_EVENTS_PER_APPEND = 1 << 16;
/** Only 'any' and 'stream_exists' retry a moved head; a livelock beyond this is reported as a conflict. */
const MAX_ATTEMPTS = 100;

/** Another append changed a stream between reading its head and writing it: plan again. */
class HeadMovedError extends Error {
  constructor(readonly write: PlannedWrite) {
    super(`stream ${write.streamId} moved while appending`);
  }
}

/**
 * Optimistic: read the heads, plan (check expected revisions, chain hashes), then write each stream
 * with one statement that compare-and-sets its head and inserts its events only if that succeeded.
 * A single-stream append is that one statement (atomic on its own); several run in one transaction,
 * in stream-id order so that two multi-stream appends cannot deadlock.
 */
export function createAppendToStreams(pool: DatabasePool, clock: () => Date) {
  return async function appendToStreams(writes: StreamWrite[]): Promise<AppendResult> {
    assertAppendable(writes, MAX_EVENTS_PER_APPEND);
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await appendOnce(pool, writes, clock(), attempt === 1);
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

async function appendOnce(
  pool: DatabasePool,
  writes: StreamWrite[],
  now: Date,
  firstAttempt: boolean,
): Promise<AppendResult> {
  // A new stream needs no read: if it exists after all, its insert fails and the next attempt reads.
  const allNew = firstAttempt && writes.every((write) => write.expectedRevision === 'no_stream');
  const heads = allNew ? new Map<string, StreamHead>() : await readHeads(pool, writes);
  const planned = writes.map((write) => planWrite(write, heads.get(write.streamId) ?? null, now));
  const ordinals = firstOrdinals(planned);
  const positions =
    planned.length === 1
      ? [await writeStream(pool, planned[0]!, 0)]
      : await pool.transaction(async (transaction) => {
          const byStreamId = [...planned].sort((a, b) => (a.streamId < b.streamId ? -1 : 1));
          const written = [];
          for (const write of byStreamId) written.push(await writeStream(transaction, write, ordinals.get(write)!));
          return written;
        });
  const position = positions.reduce<bigint | null>((max, p) => (p !== null && (max === null || p > max) ? p : max), null);
  return {
    nextRevisions: planned.map((write) => write.nextRevision),
    position: position ?? (await lastPositionOf(pool, writes)),
  };
}

/** Returns the position of the stream's last new event, or null when the write has none. */
async function writeStream(connection: CommonQueryMethods, write: PlannedWrite, firstOrdinal: number) {
  if (write.events.length === 0) {
    if (write.head) await confirmHead(connection, write);
    return null;
  }
  const last = write.events.at(-1)!;
  const recordedAt = write.recordedAt.toISOString();
  const head = write.head
    ? sql.fragment`
        update streams set revision = ${write.nextRevision}, last_hash = ${last.hash},
          last_recorded_at = ${recordedAt}::timestamptz
        where stream_id = ${write.streamId} and revision = ${write.head.revision}
        returning stream_id`
    : sql.fragment`
        insert into streams (stream_id, revision, last_hash, last_recorded_at)
        values (${write.streamId}, ${write.nextRevision}, ${last.hash}, ${recordedAt}::timestamptz)
        on conflict do nothing
        returning stream_id`;
  const rows = write.events.map((event, index) => [
    firstOrdinal + index,
    event.revision,
    event.eventId,
    event.type,
    JSON.stringify(event.data),
    JSON.stringify(event.metadata),
    event.hash,
    event.revision === 0n ? null : event.previousHash,
  ]);
  const positions = await connection.anyFirst(sql.type(z.object({ position: z.bigint() }))`
    with head as (${head})
    insert into events
      (position, stream_id, stream_revision, event_id, type, data, metadata, recorded_at, hash, prev_hash)
    select (pg_current_xact_id()::text::bigint << 16) + e.ordinal, head.stream_id, e.revision, e.event_id,
      e.type, e.data, e.metadata, ${recordedAt}::timestamptz, e.hash, e.prev_hash
    from head, ${sql.unnest(rows, ['int4', 'int8', 'uuid', 'text', 'jsonb', 'jsonb', 'text', 'text'])}
      as e(ordinal, revision, event_id, type, data, metadata, hash, prev_hash)
    returning position
  `);
  if (positions.length === 0) throw new HeadMovedError(write);
  return positions.reduce((max, position) => (position > max ? position : max));
}

/** A write without events still asserts its revision; in a transaction the row lock holds it until commit. */
async function confirmHead(connection: CommonQueryMethods, write: PlannedWrite): Promise<void> {
  const confirmed = await connection.maybeOne(sql.type(z.object({ streamId: z.string() }))`
    update streams set revision = revision
    where stream_id = ${write.streamId} and revision = ${write.head!.revision}
    returning stream_id as "streamId"
  `);
  if (!confirmed) throw new HeadMovedError(write);
}

async function readHeads(pool: DatabasePool, writes: StreamWrite[]): Promise<Map<string, StreamHead>> {
  const rows = await pool.any(sql.type(headRow)`
    select stream_id as "streamId", revision, last_hash as "hash", last_recorded_at as "recordedAt"
    from streams
    where stream_id = any(${sql.array(
      writes.map((write) => write.streamId),
      'text',
    )})
  `);
  return new Map(rows.map(({ streamId, ...head }) => [streamId, head]));
}

const headRow = z.object({
  streamId: z.string(),
  revision: z.bigint(),
  hash: z.string(),
  recordedAt: z.number().transform((epochMs) => new Date(epochMs)),
});

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

async function lastPositionOf(pool: DatabasePool, writes: StreamWrite[]): Promise<bigint> {
  return pool.oneFirst(sql.type(z.object({ position: z.bigint() }))`
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
    error instanceof UniqueIntegrityConstraintViolationError && error.constraint === 'events_stream_revision_unique'
  );
}

function refusal(writes: StreamWrite[], stored: ReadonlyMap<string, unknown>, error: unknown): unknown {
  if (error instanceof HeadMovedError) {
    const { streamId, expectedRevision, head } = error.write;
    return new ExpectedRevisionConflictError(streamId, expectedRevision, head?.revision ?? -1n, { cause: error });
  }
  if (error instanceof UniqueIntegrityConstraintViolationError && error.constraint === 'events_event_id_unique') {
    const eventIds = writes.flatMap((write) => write.events.map((event) => event.eventId));
    return new DuplicateEventIdError(eventIds.find((id) => stored.has(id)) ?? 'unknown', { cause: error });
  }
  return error;
}
