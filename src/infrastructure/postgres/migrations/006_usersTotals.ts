import type { Migration } from '../migrate.js';
import { sql } from '../sql.js';

/**
 * The number of live accounts, kept by the users projector in the transaction that changes it, so
 * that a page of users says how many there are without counting every row on each request. One row;
 * a read model rebuilt or replayed elsewhere starts its copy from none.
 */
export const usersTotalsMigration: Migration = {
  id: '006_usersTotals',
  statements: [
    sql.typeAlias('void')`
      create table users_totals (
        singleton boolean primary key default true check (singleton),
        live int8 not null
      )
    `,
    sql.typeAlias('void')`
      insert into users_totals (live) select count(*) from users where not deleted
    `,
  ],
};
