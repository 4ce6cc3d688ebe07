import type { DatabasePool } from 'slonik';
import { z } from 'zod';
import { sql } from '../../postgres/sql.js';
import type { ReadAllOptions, ReadStreamOptions, RecordedEvent, StreamRevision } from '../eventStore.js';
import { belowWatermark, eventColumns, eventRow, positionRow, watermark } from './eventRow.js';

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
const pageAfter = ({ after, streamPrefixes }: ReadAllOptions, visible = belowWatermark) =>
  sql.and([
    sql.fragment`position > ${after}`,
    visible,
    streamPrefixes !== undefined && sql.fragment`stream_id ^@ any(${sql.array(streamPrefixes, 'text')})`,
  ]);

/** Below the watermark that the statement computed once, in its `watermark` CTE. */
const belowComputedWatermark = sql.fragment`transaction_id < (select xid from watermark)`;

const subscriptionPageRow = z.union([
  eventRow.extend({ heldBack: z.boolean() }),
  // An empty page still answers whether events are held back: one row whose event columns are null.
  z.object({ position: z.null(), heldBack: z.boolean() }),
]);

/**
 * readAll for subscriptions: the page, and from the same snapshot whether committed events wait behind
 * the watermark (the newest committed position is beyond the newest visible one), so that a subscriber
 * whose page came back short knows whether to look again soon without asking in another statement.
 * The heads are of the whole log, not of the streams asked for: an event outside them that is newer
 * than the subscriber's position, and visible, holds nothing back.
 */
export async function readSubscriptionPage(
  pool: DatabasePool,
  options: ReadAllOptions,
): Promise<{ events: RecordedEvent[]; heldBack: boolean }> {
  const rows = await pool.any(sql.prepared(
    pageStatement('events_subscription_page', options),
    subscriptionPageRow,
  )`
    with watermark as materialized (${watermark})
    select page.*, heads.committed > heads.visible as "heldBack"
    from (
      select
        (select coalesce(max(position), 0) from events) as committed,
        (select coalesce(max(position), 0) from events where ${belowComputedWatermark}) as visible
    ) as heads
    left join lateral (
      select ${eventColumns} from events
      where ${pageAfter(options, belowComputedWatermark)}
      order by position
      limit ${options.limit}
    ) as page on true
    order by page.position
  `);
  const events = rows.flatMap(({ heldBack: _heldBack, ...event }) =>
    event.position === null ? [] : [event as RecordedEvent],
  );
  return { events, heldBack: rows[0]!.heldBack };
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
