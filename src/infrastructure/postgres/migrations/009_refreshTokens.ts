import type { Migration } from '../migrate.js';
import { sql } from '../sql.js';

/**
 * Refresh tokens, by the SHA-256 of the token (never the token). A family is one sign-in and the
 * successors it was exchanged for; `used_at` marks a token exchanged, kept until it expires so that
 * showing it again is recognised.
 */
export const refreshTokensMigration: Migration = {
  id: '009_refreshTokens',
  statements: [
    sql.typeAlias('void')`
      create table refresh_tokens (
        token_hash text primary key,
        family_id uuid not null,
        user_id uuid not null,
        session_generation int4 not null,
        issued_at timestamptz not null,
        expires_at timestamptz not null,
        used_at timestamptz
      )
    `,
    sql.typeAlias('void')`create index on refresh_tokens (expires_at)`,
  ],
};
