import test from 'ava';
import { liveProjector } from '../projections/projector.js';
import { projectionTestbed } from '../projections/testing/projectionTestbed.js';
import { usersReadModel } from '../projections/usersReadModel.js';
import { getUser, listUsers } from './index.js';
import type { UserFilters } from './listUsers.js';

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

test('filters list the accounts matching all of them, with their count; a lock counts only while it holds', async (t) => {
  const hour = 3_600_000;
  const bed = await projectionTestbed(t, { maxLoginAttempts: 2, lockDurationMs: hour });
  const runner = bed.run(liveProjector(usersReadModel));
  const { commands, meta } = bed;
  const admin = await commands.registerUser({ email: 'admin@example.com', password }, meta());
  const staff = meta({ id: admin.userId, role: 'ADMIN' });
  const account = async (name: string) => {
    bed.advance(1_000);
    const email = `${name}@example.com`;
    return (await commands.createUser({ email, password, markVerified: true }, staff)).userId;
  };
  const [lapsed, locked, manager] = [
    await account('lapsed'),
    await account('locked'),
    await account('manager'),
  ];
  await commands.changeRole({ userId: manager, newRole: 'MANAGER' }, staff);
  const lockOut = async (name: string) => {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await commands
        .logIn({ email: `${name}@example.com`, password: 'wrong password' }, meta())
        .catch(() => {});
    }
  };
  await lockOut('lapsed');
  bed.advance(hour / 2);
  const last = await lockOut('locked').then(() =>
    commands.logIn({ email: 'admin@example.com', password }, meta()),
  );
  await runner.waitFor(last.position, 10_000);
  // The first lock was taken 75 minutes ago and has lifted; the second, 45 minutes ago, holds.
  bed.advance((3 * hour) / 4);
  const list = listUsers(bed.db.pool, bed.deps.clock);
  const page = async (filters: UserFilters) => {
    const { items, total } = await list({ skip: 0, limit: 10, ...filters });
    return { ids: items.map((user) => user.id), total };
  };

  t.deepEqual(await page({ locked: true }), { ids: [locked], total: 1 });
  t.deepEqual(await page({ locked: false }), { ids: [admin.userId, lapsed, manager], total: 3 });
  t.deepEqual(await page({ role: 'MANAGER' }), { ids: [manager], total: 1 });
  t.deepEqual(await page({ role: 'AUTHENTICATED', locked: false }), { ids: [lapsed], total: 1 });
  t.deepEqual(await page({ email: 'locked@example.com', role: 'ADMIN' }), { ids: [], total: 0 });
  t.deepEqual(
    await list({ skip: 1, limit: 10, locked: false }).then(({ total }) => total),
    3,
    'past the first row',
  );
  t.deepEqual(await list({ skip: 5, limit: 10, locked: false }), { items: [], total: 3 }, 'past the end');
});
