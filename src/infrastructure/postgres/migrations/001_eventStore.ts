import type { Migration } from '../migrate.js';
import { sql } from '../sql.js';

export const eventStoreMigration: Migration = {
  id: '001_eventStore',
  statements: [
    // One row per stream: its head. Appends compare-and-set it, which is the optimistic
    // concurrency check and carries the previous hash of the chain. `events` stays the source of truth.
    // Stream ids are identifiers: compared byte by byte (collate "C"), whatever the server's locale.
    sql.typeAlias('void')`
      create table streams (
        stream_id text collate "C" primary key,
        revision bigint not null check (revision >= 0),
        last_hash text not null,
        last_recorded_at timestamptz not null
      )
    `,
    // position = (transaction id << 16) + ordinal of the event within its append, so positions
    // increase in transaction-id order. A reader that only takes rows whose transaction is below
    // the snapshot's xmin (every such transaction has ended) therefore never sees a lower position
    // commit later: no event is skipped by a subscriber following the log.
    sql.typeAlias('void')`
      create table events (
        position bigint primary key,
        stream_id text collate "C" not null,
        stream_revision bigint not null,
        event_id uuid not null,
        type text not null,
        data jsonb not null,
        metadata jsonb not null,
        recorded_at timestamptz not null,
        transaction_id xid8 not null default pg_current_xact_id(),
        hash text not null,
        prev_hash text,
        constraint events_event_id_unique unique (event_id),
        constraint events_stream_revision_unique unique (stream_id, stream_revision),
        constraint events_position_from_transaction check (position >> 16 = transaction_id::text::bigint)
      )
    `,
    sql.typeAlias('void')`
      create table snapshots (
        stream_id text collate "C" primary key,
        revision bigint not null,
        schema_version integer not null,
        state text not null,
        saved_at timestamptz not null default now()
      )
    `,
  ],
};
