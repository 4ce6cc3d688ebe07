import type { DatabasePool } from 'slonik';
import { z } from 'zod';
import type { DataKeyStore } from '../../crypto/dataKeyStore.js';
import { sql } from '../../postgres/sql.js';
import type { ReadFromSnapshot } from '../readFromSnapshot.js';
import { eventColumns, eventRow } from './eventRow.js';

// The event columns are null when no event follows the snapshot; otherwise eventRow parses them.
const fromSnapshotRow = z.looseObject({
  snapshotRevision: z.bigint().nullable(),
  snapshotSchemaVersion: z.number().int().nullable(),
  snapshotState: z.string().nullable(),
  wrappedKey: z.instanceof(Buffer).nullable(),
  position: z.bigint().nullable(),
});

/**
 * When the events live beside the snapshots and the data keys, one statement reads all three: a
 * command's load is one round trip instead of three. The snapshot's state (a few kilobytes) comes
 * with the first row only.
 */
export const colocatedReadFromSnapshot =
  (pool: DatabasePool, keys: DataKeyStore): ReadFromSnapshot =>
  async (streamId, keySubjectId) => {
    const rows = await pool.any(sql.prepared('events_read_from_snapshot', fromSnapshotRow)`
      select snapshot.revision as "snapshotRevision", snapshot.schema_version as "snapshotSchemaVersion",
        case when coalesce(tail."tailIndex", 1) = 1 then snapshot.state end as "snapshotState",
        data_key.wrapped_key as "wrappedKey", tail.*
      from (select 1) as one
      left join snapshots as snapshot on snapshot.stream_id = ${streamId}
      left join data_keys as data_key on data_key.subject_id = ${keySubjectId}
      left join lateral (
        select ${eventColumns}, row_number() over (order by stream_revision) as "tailIndex"
        from events
        where stream_id = ${streamId} and stream_revision > coalesce(snapshot.revision, -1)
      ) as tail on true
      order by tail."tailIndex"
    `);
    const first = rows[0]!;
    const snapshot =
      first.snapshotRevision === null
        ? null
        : {
            streamId,
            revision: first.snapshotRevision,
            schemaVersion: first.snapshotSchemaVersion!,
            state: first.snapshotState!,
          };
    return {
      snapshot,
      key: keys.adopt(keySubjectId, first.wrappedKey),
      events: rows.filter((row) => row.position !== null).map((row) => eventRow.parse(row)),
    };
  };
