import type { CommonQueryMethods } from 'slonik';
import { z } from 'zod';
import { sql } from '../../postgres/sql.js';
import { GENESIS_HASH } from '../hashChain.js';
import type { PlannedEvent, PlannedWrite } from '../planWrite.js';
import { positionRow } from './eventRow.js';

const streamIdRow = z.object({ streamId: z.string() });

/** Another append changed a stream between reading its head and writing it: plan again. */
export class HeadMovedError extends Error {
  constructor(readonly write: PlannedWrite) {
    super(`stream ${write.streamId} moved while appending`);
  }
}

/**
 * Compare-and-set of the stream's head and insert of its events, in one statement: the events are
 * drawn from the `head` CTE, so when the head moved (the update matched nothing) or the stream
 * appeared meanwhile (the insert did nothing), no event is written and HeadMovedError asks for a
 * new plan. The head is matched on its hash too, so that one taken from the caller (see
 * StreamWrite.knownHead) is the stream's own. Returns the position of the write's last event, or
 * null when it has none.
 */
export async function writeStream(connection: CommonQueryMethods, write: PlannedWrite, firstOrdinal: number) {
  const last = write.events.at(-1);
  if (!last) {
    if (write.head) await confirmHead(connection, write);
    return null;
  }
  const recordedAt = write.recordedAt.toISOString();
  const head = write.head
    ? sql.fragment`
        update streams set revision = ${write.nextRevision}, last_hash = ${last.hash},
          last_recorded_at = ${recordedAt}::timestamptz
        where stream_id = ${write.streamId} and revision = ${write.head.revision}
          and last_hash = ${write.head.hash}
        returning stream_id`
    : sql.fragment`
        insert into streams (stream_id, revision, last_hash, last_recorded_at)
        values (${write.streamId}, ${write.nextRevision}, ${last.hash}, ${recordedAt}::timestamptz)
        on conflict do nothing
        returning stream_id`;
  // One event is the common case, and scalar parameters bind and parse cheaper than arrays.
  const [only] = write.events.length === 1 ? write.events : [];
  const rows = only ? oneRow(only, firstOrdinal) : manyRows(write.events, firstOrdinal);
  const statement = `events_append_${write.head ? 'at_head' : 'to_new_stream'}_${only ? 'one' : 'many'}`;
  const positions = await connection.anyFirst(sql.prepared(statement, positionRow)`
    with head as (${head})
    insert into events
      (position, stream_id, stream_revision, event_id, type, data, metadata, recorded_at, hash, prev_hash)
    select (pg_current_xact_id()::text::bigint << 16) + e.ordinal, head.stream_id, e.revision, e.event_id,
      e.type, e.data, e.metadata, ${recordedAt}::timestamptz, e.hash, e.prev_hash
    from head, ${rows} as e(ordinal, revision, event_id, type, data, metadata, hash, prev_hash)
    returning position
  `);
  if (positions.length === 0) throw new HeadMovedError(write);
  return positions.reduce((max, position) => (position > max ? position : max));
}

function oneRow(event: PlannedEvent, ordinal: number) {
  return sql.fragment`(values (
    ${ordinal}::int4, ${event.revision}::int8, ${event.eventId}::uuid, ${event.type}::text,
    ${JSON.stringify(event.data)}::jsonb, ${JSON.stringify(event.metadata)}::jsonb,
    ${event.hash}::text, ${previousHashColumn(event)}::text
  ))`;
}

function manyRows(events: PlannedEvent[], firstOrdinal: number) {
  return sql.unnest(
    events.map((event, index) => [
      firstOrdinal + index,
      event.revision,
      event.eventId,
      event.type,
      JSON.stringify(event.data),
      JSON.stringify(event.metadata),
      event.hash,
      previousHashColumn(event),
    ]),
    ['int4', 'int8', 'uuid', 'text', 'jsonb', 'jsonb', 'text', 'text'],
  );
}

const previousHashColumn = (event: PlannedEvent) =>
  event.previousHash === GENESIS_HASH ? null : event.previousHash;

/** A write without events still asserts its revision; in a transaction the row lock holds it until commit. */
async function confirmHead(connection: CommonQueryMethods, write: PlannedWrite): Promise<void> {
  const confirmed = await connection.maybeOne(sql.type(streamIdRow)`
    update streams set revision = revision
    where stream_id = ${write.streamId} and revision = ${write.head!.revision}
    returning stream_id as "streamId"
  `);
  if (!confirmed) throw new HeadMovedError(write);
}
