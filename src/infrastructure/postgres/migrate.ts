import type { DatabasePool, QuerySqlToken } from 'slonik';
import { z } from 'zod';
import { migrations as allMigrations } from './migrations/index.js';
import { sql } from './sql.js';

const migrationIdRow = z.object({ id: z.string() });

export type Migration = {
  /** Unique and stable forever: recorded in schema_migrations once applied. */
  id: string;
  /** Run in order, in one transaction. One statement each: slonik uses the extended protocol. */
  statements: readonly QuerySqlToken[];
};

/**
 * Applies the migrations not yet recorded in schema_migrations, in list order, each once.
 * Everything runs in one transaction under an advisory lock, so processes starting together
 * apply each migration exactly once: the second waits, then finds nothing left to do.
 * Returns the ids it applied.
 */
export async function migrate(
  pool: DatabasePool,
  migrations: readonly Migration[] = allMigrations,
): Promise<string[]> {
  return pool.transaction(async (transaction) => {
    await transaction.query(
      sql.typeAlias('void')`select from pg_advisory_xact_lock(hashtext('schema_migrations'))`,
    );
    await transaction.query(sql.typeAlias('void')`
      create table if not exists schema_migrations (
        id text primary key,
        applied_at timestamptz not null default now()
      )
    `);
    const applied = new Set(
      await transaction.anyFirst(sql.type(migrationIdRow)`select id from schema_migrations`),
    );
    const pending = migrations.filter((migration) => !applied.has(migration.id));
    for (const migration of pending) {
      for (const statement of migration.statements) await transaction.query(statement);
      await transaction.query(
        sql.typeAlias('void')`insert into schema_migrations (id) values (${migration.id})`,
      );
    }
    return pending.map((migration) => migration.id);
  });
}
