import type { DatabasePool } from 'slonik';
import { sql } from '../../src/infrastructure/postgres/sql.js';

/** A transaction that takes an id and stays open until `end`: every later one is held back behind it. */
export function holdOlderTransaction(pool: DatabasePool) {
  let end = () => {};
  const endRequested = new Promise<void>((resolve) => (end = resolve));
  let hasItsId = () => {};
  const started = new Promise<void>((resolve) => (hasItsId = resolve));
  const ended = pool.transaction(async (transaction) => {
    await transaction.query(sql.typeAlias('void')`select from pg_current_xact_id()`);
    hasItsId();
    await endRequested;
  });
  return { started, end, ended };
}
