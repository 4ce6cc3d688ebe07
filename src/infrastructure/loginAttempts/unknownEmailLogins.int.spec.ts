import test from 'ava';
import type { ExecutionContext } from 'ava';
import { z } from 'zod';
import { freshDatabase } from '../../../test/support/freshDatabase.js';
import { sql } from '../postgres/sql.js';
import { createPostgresUnknownEmailLogins } from './unknownEmailLogins.js';

const minute = 60_000;
const t0 = new Date('2030-01-01T12:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

async function database(t: ExecutionContext) {
  const db = await freshDatabase();
  t.teardown(db.drop);
  const hashes = async () => [
    ...(await db.pool.anyFirst(sql.type(z.object({ hash: z.string() }))`
        select email_hash as hash from unknown_email_logins order by email_hash
      `)),
  ];
  return { pool: db.pool, hashes };
}

test('within the window the failures of an address add up', async (t) => {
  const { pool } = await database(t);
  const logins = createPostgresUnknownEmailLogins(pool, 15 * minute);

  const counts = [];
  for (let attempt = 0; attempt < 3; attempt += 1)
    counts.push(await logins.recordFailure('a', at(attempt * minute)));

  t.deepEqual(counts, [1, 2, 3]);
});

test('with a window, a failure removes the rows whose window has passed; the answers stay the same', async (t) => {
  const { pool, hashes } = await database(t);
  const logins = createPostgresUnknownEmailLogins(pool, minute);
  await logins.recordFailure('a', at(0));
  await logins.recordFailure('a', at(1_000));
  await logins.recordFailure('b', at(30_000));

  t.is(await logins.recordFailure('c', at(65_000)), 1);
  t.deepEqual(await hashes(), ['b', 'c'], "a's window had passed; b's had not");
  t.is(await logins.recordFailure('a', at(70_000)), 1, 'as it would have been with its row kept');
});

test('without a window the rows stay, as a real account stays locked', async (t) => {
  const { pool, hashes } = await database(t);
  const logins = createPostgresUnknownEmailLogins(pool, null);
  await logins.recordFailure('a', at(0));
  await logins.recordFailure('b', at(365 * 24 * 60 * minute));

  t.deepEqual(await hashes(), ['a', 'b']);
  t.is(await logins.recordFailure('a', at(366 * 24 * 60 * minute)), 2);
});
