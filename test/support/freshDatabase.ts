import { randomUUID } from 'node:crypto';
import type { DatabasePool } from 'slonik';
import { migrate } from '../../src/infrastructure/postgres/migrate.js';
import type { PoolOptions } from '../../src/infrastructure/postgres/pool.js';
import { createPool } from '../../src/infrastructure/postgres/pool.js';
import { sql } from '../../src/infrastructure/postgres/sql.js';

export type FreshDatabase = {
  url: string;
  pool: DatabasePool;
  /** Ends the pool and drops the database; pass it straight to `t.teardown`. */
  drop: () => Promise<void>;
};

const serverUrl = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export type FreshDatabaseOptions = PoolOptions & {
  /** False leaves the database empty, for tests of the migrations themselves. */
  migrated?: boolean;
};

/** A new, migrated database on the test server, so every test owns its data (slonik's idiom). */
export async function freshDatabase(options: FreshDatabaseOptions = {}): Promise<FreshDatabase> {
  const { migrated = true, ...poolOptions } = options;
  const name = `test_${randomUUID().replaceAll('-', '')}`;
  await onServer((server) => server.query(sql.typeAlias('void')`create database ${sql.identifier([name])}`));
  const url = withDatabase(serverUrl, name);
  const pool = await createPool(url, { maxPoolSize: 4, ...poolOptions });
  const drop = async () => {
    await pool.end();
    await onServer((server) =>
      server.query(sql.typeAlias('void')`drop database if exists ${sql.identifier([name])} with (force)`),
    );
  };
  try {
    if (migrated) await migrate(pool);
  } catch (error) {
    await drop();
    throw error;
  }
  return { url, pool, drop };
}

async function onServer<T>(work: (server: DatabasePool) => Promise<T>): Promise<T> {
  const server = await createPool(serverUrl, { maxPoolSize: 1 });
  try {
    return await work(server);
  } finally {
    await server.end();
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
