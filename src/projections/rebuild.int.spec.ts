import test from 'ava';
import { z } from 'zod';
import { sql } from '../infrastructure/postgres/sql.js';
import { countUsers, listUsers } from '../queries/listUsers.js';
import { readCheckpoint } from './checkpoints.js';
import { liveProjector } from './projector.js';
import { rebuildReadModel } from './rebuild.js';
import { foldedUsers, projectedUsers, usersTable } from './testing/foldedUsers.js';
import type { ProjectionTestbed } from './testing/projectionTestbed.js';
import { projectionTestbed } from './testing/projectionTestbed.js';
import { usersReadModel, usersReadModelName } from './usersReadModel.js';

const password = 'correct horse battery';

async function registerMany({ commands, meta, advance }: ProjectionTestbed, count: number) {
  const admin = await commands.registerUser({ email: 'admin@example.com', password }, meta());
  const asAdmin = meta({ id: admin.userId, role: 'ADMIN' });
  let lastPosition = admin.position;
  for (let n = 1; n < count; n += 1) {
    advance(1_000);
    const user = await commands.registerUser({ email: `user${n}@example.com`, password }, meta());
    const updated = await commands.updateProfile(
      { userId: user.userId, changes: { bio: `bio ${n}` } },
      asAdmin,
    );
    lastPosition = updated.position;
  }
  return { asAdmin, lastPosition };
}

test('a rebuild produces the rows of the live projection while queries keep answering from the old table', async (t) => {
  const bed = await projectionTestbed(t);
  const { lastPosition } = await registerMany(bed, 6);
  const live = bed.run(liveProjector(usersReadModel));
  await live.waitFor(lastPosition, 10_000);
  const before = await usersTable(bed.db.pool);
  const totalsDuringRebuild: number[] = [];

  const { position } = await rebuildReadModel(bed.projection, usersReadModel, {
    batchSize: 4,
    onProgress: async () => {
      totalsDuringRebuild.push((await listUsers(bed.db.pool)({ skip: 0, limit: 100 })).total);
    },
  });

  t.true(totalsDuringRebuild.length > 1);
  t.true(totalsDuringRebuild.every((total) => total === 6));
  t.deepEqual(await usersTable(bed.db.pool), before);
  t.is(await readCheckpoint(bed.db.pool, usersReadModelName), position);
});

test('a rebuild repairs a read model that drifted from the events, and keeps its index names', async (t) => {
  const bed = await projectionTestbed(t);
  const { lastPosition } = await registerMany(bed, 3);
  const live = bed.run(liveProjector(usersReadModel));
  await live.waitFor(lastPosition, 10_000);
  await live.stop();
  await bed.db.pool.query(sql.typeAlias('void')`update users set bio = 'drifted', role = 'ANONYMOUS'`);
  await bed.db.pool.query(sql.typeAlias('void')`update users_totals set live = 99`);
  const indexesBefore = await indexNames(bed);

  await rebuildReadModel(bed.projection, usersReadModel);

  t.deepEqual(await projectedUsers(bed.db.pool), await foldedUsers(bed.deps.store, bed.deps.codec));
  t.is(await countUsers(bed.db.pool), 3, 'the count of live accounts is rebuilt too');
  t.deepEqual(await indexNames(bed), indexesBefore);
});

test('the live runner carries on in the rebuilt table after the swap', async (t) => {
  const bed = await projectionTestbed(t);
  const { asAdmin } = await registerMany(bed, 3);
  const live = bed.run(liveProjector(usersReadModel), { batchSize: 2 });

  await rebuildReadModel(bed.projection, usersReadModel, { batchSize: 2 });
  const later = await bed.commands.registerUser({ email: 'later@example.com', password }, bed.meta());
  const updated = await bed.commands.updateProfile(
    { userId: later.userId, changes: { bio: 'after' } },
    asAdmin,
  );
  await live.waitFor(updated.position, 10_000);

  t.deepEqual(await projectedUsers(bed.db.pool), await foldedUsers(bed.deps.store, bed.deps.codec));
});

test('a second rebuild works on the tables the first one swapped in', async (t) => {
  const bed = await projectionTestbed(t);
  await registerMany(bed, 3);

  await rebuildReadModel(bed.projection, usersReadModel);
  await rebuildReadModel(bed.projection, usersReadModel);

  t.deepEqual(await projectedUsers(bed.db.pool), await foldedUsers(bed.deps.store, bed.deps.codec));
});

async function indexNames(bed: ProjectionTestbed): Promise<readonly string[]> {
  return bed.db.pool.anyFirst(sql.type(z.object({ name: z.string() }))`
    select indexname as name from pg_indexes where tablename = 'users' order by indexname
  `);
}
