import test from 'ava';
import { z } from 'zod';
import { sql } from '../infrastructure/postgres/sql.js';
import { liveProjector, usersReadModel } from '../projections/index.js';
import type { ProjectionTestbed } from '../projections/testing/projectionTestbed.js';
import { projectionTestbed } from '../projections/testing/projectionTestbed.js';
import { defaultReplaySchema, replayUsersReadModel } from './replayUsersReadModel.js';

const password = 'correct horse battery';
const row = z.object({ id: z.string(), bio: z.string().nullable(), deleted: z.boolean() });

/** An admin and Grace, whose bio changes twice; Alan registers after the first change and is then deleted. */
async function story({ commands, meta, run }: ProjectionTestbed) {
  const admin = await commands.registerUser({ email: 'admin@example.com', password }, meta());
  const asAdmin = meta({ id: admin.userId, role: 'ADMIN' });
  const grace = await commands.registerUser({ email: 'grace@example.com', password }, meta());
  const first = await commands.updateProfile({ userId: grace.userId, changes: { bio: 'first' } }, asAdmin);
  const alan = await commands.registerUser({ email: 'alan@example.com', password }, meta());
  await commands.updateProfile({ userId: grace.userId, changes: { bio: 'second' } }, asAdmin);
  const last = await commands.deleteUser({ userId: alan.userId }, asAdmin);
  const live = run(liveProjector(usersReadModel));
  await live.waitFor(last.position, 10_000);
  return { grace: grace.userId, alan: alan.userId, first: first.position };
}

const rowsOf = (bed: ProjectionTestbed, schema: string) =>
  bed.db.pool.any(sql.type(row)`
    select id, bio, deleted from ${sql.identifier([schema, 'users'])} order by created_at, id
  `);

test('a replay to a position rebuilds the read model as it was then, in its own schema, and leaves the live one alone', async (t) => {
  const bed = await projectionTestbed(t);
  const { grace, alan, first } = await story(bed);
  const liveBefore = await rowsOf(bed, 'public');

  const result = await replayUsersReadModel(
    bed.projection,
    'replay_test',
    { position: first },
    { batchSize: 2 },
  );

  const replayed = await rowsOf(bed, 'replay_test');
  t.like(
    replayed.find((user) => user.id === grace),
    { bio: 'first' },
  );
  t.is(
    replayed.find((user) => user.id === alan),
    undefined,
  );
  t.like(result, { schema: 'replay_test', lastPosition: first, accounts: 2, deletedAccounts: 0 });
  t.deepEqual(await rowsOf(bed, 'public'), liveBefore);
  const checkpoints = await bed.db.pool.anyFirst(
    sql.type(z.object({ name: z.string() }))`select name from subscription_checkpoints`,
  );
  t.deepEqual(checkpoints, [usersReadModel.name]);
});

test('a replay to an instant takes every event recorded up to it, tombstones included', async (t) => {
  const bed = await projectionTestbed(t);
  const { grace, alan } = await story(bed);

  const now = await replayUsersReadModel(bed.projection, 'replay_now', { time: new Date() });
  const before = await replayUsersReadModel(bed.projection, 'replay_before', {
    time: new Date('2020-01-01T00:00:00Z'),
  });

  t.deepEqual(await rowsOf(bed, 'replay_now'), await rowsOf(bed, 'public'));
  t.like(now, { accounts: 2, deletedAccounts: 1 });
  t.like(
    (await rowsOf(bed, 'replay_now')).find((user) => user.id === alan),
    { deleted: true },
  );
  t.like(
    (await rowsOf(bed, 'replay_now')).find((user) => user.id === grace),
    { bio: 'second' },
  );
  t.like(before, { events: 0, accounts: 0, lastPosition: 0n });
});

test('a replay refuses a schema that already exists, and names that are not plain identifiers', async (t) => {
  const bed = await projectionTestbed(t);
  await replayUsersReadModel(bed.projection, 'replay_once', { position: 0n });
  await t.throwsAsync(replayUsersReadModel(bed.projection, 'replay_once', { position: 0n }), {
    message: /already exists/,
  });
  await t.throwsAsync(
    replayUsersReadModel(bed.projection, 'public"; drop table users; --', { position: 0n }),
    {
      message: /not a plain lower-case schema name/,
    },
  );
});

test('the default schema is named after the moment of the replay', (t) => {
  t.is(defaultReplaySchema(new Date('2026-01-31T09:05:07.123Z')), 'replay_20260131_090507');
});
