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

export async function readAll(pool: DatabasePool, options: ReadAllOptions): Promise<RecordedEvent[]> {
  const prefixes = options.streamPrefixes;
  const rows = await pool.any(sql.type(eventRow)`
    select ${eventColumns} from events
    where ${sql.and([
      sql.fragment`position > ${options.after}`,
      belowWatermark,
      prefixes !== undefined && sql.fragment`stream_id ^@ any(${sql.array(prefixes, 'text')})`,
    ])}
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
