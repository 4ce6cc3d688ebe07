import test from 'ava';
import { SchemaValidationError } from 'slonik';
import { z } from 'zod';
import { freshDatabase } from '../../../test/support/freshDatabase.js';
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
