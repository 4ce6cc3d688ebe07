import type { DatabasePool } from 'slonik';
import { z } from 'zod';
import { sql } from '../../postgres/sql.js';
import type { ReadAllOptions, ReadStreamOptions, RecordedEvent, StreamRevision } from '../eventStore.js';
import { belowWatermark, eventColumns, eventRow } from './eventRow.js';

/** A stream's own reads need no watermark: its revisions are committed in order by the head row. */
export async function readStream(
  pool: DatabasePool,
  streamId: string,
  options: ReadStreamOptions = {},
): Promise<RecordedEvent[]> {
  const { fromRevision, toRevision, until } = options;
  const rows = await pool.any(sql.type(eventRow)`
    select ${eventColumns} from events
    where ${sql.and([
      sql.fragment`stream_id = ${streamId}`,
      fromRevision !== undefined && sql.fragment`stream_revision >= ${fromRevision}`,
      toRevision !== undefined && sql.fragment`stream_revision <= ${toRevision}`,
      until !== undefined && sql.fragment`recorded_at <= ${until.toISOString()}::timestamptz`,
    ])}
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
  return pool.oneFirst(sql.type(z.object({ position: z.bigint() }))`
    select coalesce(max(position), 0) as position from events where ${belowWatermark}
  `);
}

export async function streamRevision(pool: DatabasePool, streamId: string): Promise<StreamRevision> {
  const revision = await pool.maybeOneFirst(sql.type(z.object({ revision: z.bigint() }))`
    select revision from streams where stream_id = ${streamId}
  `);
  return revision ?? -1n;
}
