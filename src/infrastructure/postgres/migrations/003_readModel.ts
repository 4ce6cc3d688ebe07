import type { Migration } from '../migrate.js';
import { sql } from '../sql.js';

/** The read side: subscriber checkpoints and the users read model (see src/projections). */
export const readModelMigration: Migration = {
  id: '003_readModel',
  statements: [
    // One row per subscriber. Projectors compare-and-set it in the transaction that applies their batch.
    sql.typeAlias('void')`
      create table subscription_checkpoints (
        name text primary key,
        position bigint not null,
        updated_at timestamptz not null default now()
      )
    `,
    // Deleted accounts stay as tombstones (personal columns nulled) so that a replayed older event cannot
    // bring them back. Email and nickname are unique on the write side (reservations), not here.
    sql.typeAlias('void')`
      create table users (
        id uuid primary key,
        email text,
        nickname text,
        first_name text,
        last_name text,
        bio text,
        profile_picture_url text,
        linkedin_profile_url text,
        github_profile_url text,
        role text not null,
        is_professional boolean not null default false,
        professional_status_updated_at timestamptz,
        email_verified boolean not null default false,
        is_locked boolean not null default false,
        locked_until timestamptz,
        failed_login_attempts integer not null default 0,
        created_at timestamptz not null,
        updated_at timestamptz not null,
        last_login_at timestamptz,
        revision bigint not null,
        deleted boolean not null default false
      )
    `,
    // Left unnamed on purpose: a rebuild copies the table with `like … including all` and renames the
    // copies' indexes by prefix, which only round-trips for PostgreSQL's generated names.
    sql.typeAlias('void')`create index on users (created_at, id) where not deleted`,
  ],
};
