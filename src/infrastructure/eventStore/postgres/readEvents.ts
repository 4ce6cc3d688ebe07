import type { DatabasePool } from 'slonik';
import { z } from 'zod';
import { sql } from '../../postgres/sql.js';
import type { ReadAllOptions, ReadStreamOptions, RecordedEvent, StreamRevision } from '../eventStore.js';
import { belowWatermark, eventColumns, eventRow, positionRow } from './eventRow.js';

const revisionRow = z.object({ revision: z.bigint() });

/**
 * A stream's own reads need no watermark: its revisions are committed in order by the head row.
 * One prepared statement for every option (it is the hot read: every command loads a stream).
 */
export async function readStream(
  pool: DatabasePool,
  streamId: string,
  { fromRevision = 0n, toRevision, until }: ReadStreamOptions = {},
): Promise<RecordedEvent[]> {
  const rows = await pool.any(sql.prepared('events_read_stream', eventRow)`
    select ${eventColumns} from events
    where stream_id = ${streamId}
      and stream_revision >= ${fromRevision}
      and stream_revision <= coalesce(${toRevision ?? null}::int8, stream_revision)
      and recorded_at <= coalesce(${until?.toISOString() ?? null}::timestamptz, recorded_at)
    order by stream_revision
  `);
  return [...rows];
}

/**
 * Page reads are prepared, one statement per shape: the watermark makes them costly to plan (planning
 * took longer than running them), and subscriptions issue them on every wake-up.
 */
const pageStatement = (name: string, { streamPrefixes }: ReadAllOptions) =>
  `${name}_${streamPrefixes === undefined ? 'all' : 'prefixed'}`;

/** Committed events after a position, in the streams asked for; the caller orders and limits. */
const pageAfter = ({ after, streamPrefixes }: ReadAllOptions) =>
  sql.and([
    sql.fragment`position > ${after}`,
    belowWatermark,
    streamPrefixes !== undefined && sql.fragment`stream_id ^@ any(${sql.array(streamPrefixes, 'text')})`,
  ]);

const subscriptionPageRow = eventRow.extend({ committedHead: z.bigint() });

/** readAll for subscriptions: the page, and in the same statement the newest committed position. */
export async function readAllWithCommittedHead(
  pool: DatabasePool,
  options: ReadAllOptions,
): Promise<{ events: RecordedEvent[]; committedHead?: bigint }> {
  const rows = await pool.any(sql.prepared(
    pageStatement('events_page_with_head', options),
    subscriptionPageRow,
  )`
    select ${eventColumns}, (select coalesce(max(position), 0) from events) as "committedHead"
    from events
    where ${pageAfter(options)}
    order by position
    limit ${options.limit}
  `);
  const events = rows.map(({ committedHead: _head, ...event }) => event);
  return rows.length > 0 ? { events, committedHead: rows[0]!.committedHead } : { events };
}

export async function readAll(pool: DatabasePool, options: ReadAllOptions): Promise<RecordedEvent[]> {
  const rows = await pool.any(sql.prepared(pageStatement('events_page', options), eventRow)`
    select ${eventColumns} from events
    where ${pageAfter(options)}
    order by position
    limit ${options.limit}
  `);
  return [...rows];
}

export async function headPosition(pool: DatabasePool): Promise<bigint> {
  return pool.oneFirst(sql.type(positionRow)`
    select coalesce(max(position), 0) as position from events where ${belowWatermark}
  `);
}

export async function streamRevision(pool: DatabasePool, streamId: string): Promise<StreamRevision> {
  const revision = await pool.maybeOneFirst(sql.type(revisionRow)`
    select revision from streams where stream_id = ${streamId}
  `);
  return revision ?? -1n;
}

export async function lastCommittedPosition(pool: DatabasePool): Promise<bigint> {
  return pool.oneFirst(sql.type(positionRow)`select coalesce(max(position), 0) as position from events`);
}
