import test from 'ava';
import { z } from 'zod';
import { freshDatabase } from '../../../test/support/freshDatabase.js';
import type { Migration } from './migrate.js';
import { migrate } from './migrate.js';
import { migrations } from './migrations/index.js';
import { sql } from './sql.js';

test('concurrent starters apply each migration exactly once', async (t) => {
  const database = await freshDatabase({ migrated: false });
  t.teardown(database.drop);

  const applied = await Promise.all([1, 2, 3, 4].map(() => migrate(database.pool)));

  t.deepEqual(
    applied.flat(),
    migrations.map((migration) => migration.id),
  );
  t.deepEqual(await migrate(database.pool), []);
});

test('a later migration in the list is applied to an already migrated database', async (t) => {
  const database = await freshDatabase();
  t.teardown(database.drop);
  const addNotes: Migration = {
    id: '999_notes',
    statements: [sql.typeAlias('void')`create table notes (body text not null)`],
  };

  const applied = await migrate(database.pool, [...migrations, addNotes]);

  t.deepEqual(applied, ['999_notes']);
  t.is(
    await database.pool.oneFirst(
      sql.type(z.object({ count: z.number() }))`select count(*)::int4 as count from notes`,
    ),
    0,
  );
});

test('a failing migration leaves nothing of itself behind', async (t) => {
  const database = await freshDatabase();
  t.teardown(database.drop);
  const broken: Migration = {
    id: '999_broken',
    statements: [
      sql.typeAlias('void')`create table half_done (id int)`,
      sql.typeAlias('void')`select from no_such_table`,
    ],
  };

  await t.throwsAsync(migrate(database.pool, [...migrations, broken]));

  const tables = await database.pool.anyFirst(sql.type(z.object({ name: z.string() }))`
    select table_name as name from information_schema.tables where table_name = 'half_done'
  `);
  t.deepEqual(tables, []);
});
