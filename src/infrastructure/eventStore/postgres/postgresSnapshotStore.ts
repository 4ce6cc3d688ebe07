import type { DatabasePool } from 'slonik';
import { z } from 'zod';
import { sql } from '../../postgres/sql.js';
import type { SnapshotStore } from '../snapshotStore.js';

const snapshotRow = z.object({
  streamId: z.string(),
  revision: z.bigint(),
  schemaVersion: z.number().int(),
  state: z.string(),
});

/** One row per stream, the newest wins. Usable beside either event store: snapshots are only a cache. */
export function createPostgresSnapshotStore(pool: DatabasePool): SnapshotStore {
  return {
    async load(streamId) {
      return pool.maybeOne(sql.prepared('snapshots_load', snapshotRow)`
        select stream_id as "streamId", revision, schema_version as "schemaVersion", state
        from snapshots where stream_id = ${streamId}
      `);
    },
    async save(streamId, revision, state, schemaVersion = 1) {
      await pool.query(sql.typeAlias('void')`
        insert into snapshots (stream_id, revision, schema_version, state)
        values (${streamId}, ${revision}, ${schemaVersion}, ${state})
        on conflict (stream_id) do update
          set revision = excluded.revision, schema_version = excluded.schema_version,
            state = excluded.state, saved_at = now()
          where snapshots.revision < excluded.revision or snapshots.schema_version <> excluded.schema_version
      `);
    },
  };
}
