import type { ExecutionContext } from 'ava';
import type { PostgresEventStoreOptions } from '../../src/infrastructure/eventStore/postgres/postgresEventStore.js';
import { createPostgresEventStore } from '../../src/infrastructure/eventStore/postgres/postgresEventStore.js';
import type { FreshDatabaseOptions } from './freshDatabase.js';
import { freshDatabase } from './freshDatabase.js';

/** A PostgreSQL event store on a fresh database, both gone when the test ends. */
export async function freshPostgresStore(
  t: ExecutionContext,
  options: { database?: FreshDatabaseOptions; store?: PostgresEventStoreOptions } = {},
) {
  const database = await freshDatabase(options.database);
  const store = createPostgresEventStore(database.pool, options.store);
  t.teardown(async () => {
    await store.close();
    await database.drop();
  });
  return { store, pool: database.pool };
}
