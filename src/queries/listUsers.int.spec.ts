import test from 'ava';
import { liveProjector } from '../projections/projector.js';
import { projectionTestbed } from '../projections/testing/projectionTestbed.js';
import { usersReadModel } from '../projections/usersReadModel.js';
import { getUser, listUsers } from './index.js';

const password = 'correct horse battery';

test('pages list accounts oldest first, without repeats or gaps, with the total of live accounts', async (t) => {
  const bed = await projectionTestbed(t);
  const runner = bed.run(liveProjector(usersReadModel));
  const ids: string[] = [];
  for (let n = 0; n < 5; n += 1) {
    bed.advance(1_000);
    ids.push(
      (await bed.commands.registerUser({ email: `user${n}@example.com`, password }, bed.meta())).userId,
    );
  }
  const admin = bed.meta({ id: ids[0]!, role: 'ADMIN' });
  const deleted = await bed.commands.deleteUser({ userId: ids[2]! }, admin);
  await runner.waitFor(deleted.position, 10_000);

  const pages = await Promise.all([0, 2, 4].map((skip) => listUsers(bed.db.pool)({ skip, limit: 2 })));

  t.deepEqual(
    pages.map((page) => page.total),
    [4, 4, 4],
  );
  t.deepEqual(
    pages.flatMap((page) => page.items.map((user) => user.id)),
    [ids[0], ids[1], ids[3], ids[4]],
  );
});

test('getUser answers null for an unknown id and for a string that is not a UUID', async (t) => {
  const bed = await projectionTestbed(t);

  t.is(await getUser(bed.db.pool)('0b8f1d64-5a43-4a8e-9d3c-3b1f7a2c9e11'), null);
  t.is(await getUser(bed.db.pool)('not-a-uuid'), null);
});
