import test from 'ava';
import { ForbiddenError, LastAdminError } from '../domain/index.js';
import { commandTestbed } from '../../test/support/commandTestbed.js';
import { loadUser } from './userAggregate.js';

const password = 'correct horse battery';

test('the only ADMIN can neither be demoted nor deleted', async (t) => {
  const { commands, meta } = await commandTestbed(t);
  const admin = await commands.registerUser({ email: 'admin@example.com', password }, meta());
  const asAdmin = meta({ id: admin.userId, role: 'ADMIN' });
  await t.throwsAsync(commands.changeRole({ userId: admin.userId, newRole: 'MANAGER' }, asAdmin), {
    instanceOf: LastAdminError,
  });
  await t.throwsAsync(commands.deleteUser({ userId: admin.userId }, asAdmin), { instanceOf: LastAdminError });
});

test('two ADMINs demoting each other at once leave exactly one ADMIN', async (t) => {
  const { deps, commands, meta } = await commandTestbed(t);
  const first = await commands.registerUser({ email: 'first@example.com', password }, meta());
  const second = await commands.registerUser({ email: 'second@example.com', password }, meta());
  await commands.changeRole(
    { userId: second.userId, newRole: 'ADMIN' },
    meta({ id: first.userId, role: 'ADMIN' }),
  );
  const outcomes = await Promise.allSettled([
    commands.changeRole(
      { userId: second.userId, newRole: 'MANAGER' },
      meta({ id: first.userId, role: 'ADMIN' }),
    ),
    commands.changeRole(
      { userId: first.userId, newRole: 'MANAGER' },
      meta({ id: second.userId, role: 'ADMIN' }),
    ),
  ]);
  t.is(outcomes.filter((outcome) => outcome.status === 'fulfilled').length, 1);
  const states = await Promise.all(
    [first, second].map(async ({ userId }) => (await loadUser(deps, userId)).state),
  );
  t.is(states.filter((state) => state.status === 'active' && state.role === 'ADMIN').length, 1);
});

test('a MANAGER cannot promote anyone to ADMIN', async (t) => {
  const { commands, meta } = await commandTestbed(t);
  const admin = await commands.registerUser({ email: 'admin@example.com', password }, meta());
  const manager = await commands.registerUser({ email: 'manager@example.com', password }, meta());
  await commands.changeRole(
    { userId: manager.userId, newRole: 'MANAGER' },
    meta({ id: admin.userId, role: 'ADMIN' }),
  );
  const user = await commands.registerUser({ email: 'user@example.com', password }, meta());
  await t.throwsAsync(
    commands.changeRole(
      { userId: user.userId, newRole: 'ADMIN' },
      meta({ id: manager.userId, role: 'MANAGER' }),
    ),
    { instanceOf: ForbiddenError },
  );
});
