import type { Migration } from '../migrate.js';
import { sql } from '../sql.js';

/**
 * One session signed out among others (SessionEnded): the read model keeps, per account, the ended
 * sessions whose access tokens have not all expired, for the check every request makes; a refresh
 * token carries the time its session began, through every rotation, for the list of sessions.
 */
export const sessionsMigration: Migration = {
  id: '012_sessions',
  statements: [
    sql.typeAlias('void')`alter table users add column ended_sessions jsonb not null default '[]'`,
    sql.typeAlias('void')`alter table refresh_tokens add column session_started_at timestamptz`,
    sql.typeAlias('void')`create index on refresh_tokens (user_id) where used_at is null`,
  ],
};
