import type { Migration } from '../migrate.js';
import { sql } from '../sql.js';

/**
 * The generation of the account's access tokens (see SessionsRevoked). Every account starts at 0, as
 * its stream does: no event before this release revoked sessions.
 */
export const sessionGenerationMigration: Migration = {
  id: '008_sessionGeneration',
  statements: [
    sql.typeAlias('void')`alter table users add column session_generation int4 not null default 0`,
  ],
};
