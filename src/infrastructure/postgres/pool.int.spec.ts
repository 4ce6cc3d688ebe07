import { existsSync } from 'node:fs';
import test from 'ava';
import { SchemaValidationError } from 'slonik';
import { z } from 'zod';
import { freshDatabase } from '../../../test/support/freshDatabase.js';
import { createPool } from './pool.js';
import { sql } from './sql.js';

test('a row that does not fit the schema its query declares is refused', async (t) => {
  const database = await freshDatabase({ migrated: false });
  t.teardown(database.drop);

  await t.throwsAsync(database.pool.one(sql.type(z.object({ name: z.string() }))`select 42 as name`), {
    instanceOf: SchemaValidationError,
  });
});

test('int8 arrives as bigint and timestamptz as epoch milliseconds', async (t) => {
  const database = await freshDatabase({ migrated: false });
  t.teardown(database.drop);

  const row = await database.pool.one(sql.type(z.object({ big: z.bigint(), at: z.number() }))`
    select 9007199254740993::int8 as big, '2030-01-01T00:00:00.001Z'::timestamptz as at
  `);

  t.deepEqual(row, { big: 9007199254740993n, at: Date.UTC(2030, 0, 1, 0, 0, 0, 1) });
});

// The test server's socket, where it has one (a service container in GitHub Actions has none).
const socketDirectory = '/var/run/postgresql';
const onTheTestServer = process.env['TEST_DATABASE_URL'] === undefined;
const socketTest = onTheTestServer && existsSync(`${socketDirectory}/.s.PGSQL.5432`) ? test : test.skip;

socketTest(
  'a host parameter wins over the host part, as in libpq: the pool connects through that socket',
  async (t) => {
    const url = `postgres://postgres@localhost:5432/postgres?host=${socketDirectory}`;
    const pool = await createPool(url, { maxPoolSize: 1 });
    t.teardown(() => pool.end());

    const address = sql.type(
      z.object({ address: z.string().nullable() }),
    )`select inet_client_addr()::text as address`;
    t.is(await pool.oneFirst(address), null, 'a Unix socket has no client address');
  },
);
