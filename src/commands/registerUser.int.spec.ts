import test from 'ava';
import { EmailTakenError, InvalidCommandError } from '../domain/index.js';
import { commandTestbed } from '../../test/support/commandTestbed.js';
import { loadUser } from './userAggregate.js';

const password = 'correct horse battery';

test('the first user ever becomes a verified ADMIN and needs no verification link', async (t) => {
  const { deps, commands, meta } = await commandTestbed(t);
  const first = await commands.registerUser({ email: 'first@example.com', password }, meta());
  const { state } = await loadUser(deps, first.userId);
  t.like(state, { status: 'active', role: 'ADMIN', emailVerified: true });
  t.is(first.verificationToken, null);
});

test('everyone after the first registers as an unverified ANONYMOUS user with a verification link', async (t) => {
  const { deps, commands, meta } = await commandTestbed(t);
  await commands.registerUser({ email: 'first@example.com', password }, meta());
  const second = await commands.registerUser(
    { email: 'second@example.com', password, firstName: 'Ada' },
    meta(),
  );
  const { state } = await loadUser(deps, second.userId);
  t.like(state, { status: 'active', role: 'ANONYMOUS', emailVerified: false, firstName: 'Ada' });
  t.regex(second.verificationToken ?? '', /^[A-Za-z0-9_-]{43}$/);
});

test('two concurrent first registrations make exactly one ADMIN', async (t) => {
  const { deps, commands, meta } = await commandTestbed(t);
  const results = await Promise.all(
    ['a', 'b', 'c', 'd'].map((name) =>
      commands.registerUser({ email: `${name}@example.com`, password }, meta()),
    ),
  );
  const roles = await Promise.all(results.map(async ({ userId }) => (await loadUser(deps, userId)).state));
  t.is(roles.filter((state) => state.status === 'active' && state.role === 'ADMIN').length, 1);
});

test('two concurrent registrations of one email, in any case, let exactly one win', async (t) => {
  const { commands, meta } = await commandTestbed(t);
  await commands.registerUser({ email: 'admin@example.com', password }, meta());
  const outcomes = await Promise.allSettled([
    commands.registerUser({ email: 'same@example.com', password }, meta()),
    commands.registerUser({ email: 'SAME@Example.com', password }, meta()),
  ]);
  t.is(outcomes.filter((outcome) => outcome.status === 'fulfilled').length, 1);
  const rejected = outcomes.find((outcome) => outcome.status === 'rejected');
  t.true(rejected?.reason instanceof EmailTakenError);
});

test('a refused registration leaves nothing behind that blocks a retry', async (t) => {
  const { commands, meta } = await commandTestbed(t);
  await commands.registerUser({ email: 'admin@example.com', password }, meta());
  await t.throwsAsync(
    commands.registerUser({ email: 'retry@example.com', password, profilePictureUrl: 'ftp://nope' }, meta()),
    { instanceOf: InvalidCommandError },
  );
  const retried = await commands.registerUser({ email: 'retry@example.com', password }, meta());
  t.true(retried.changed);
});

test('a deleted account frees its email for a new registration', async (t) => {
  const { commands, meta } = await commandTestbed(t);
  const admin = await commands.registerUser({ email: 'admin@example.com', password }, meta());
  const user = await commands.registerUser({ email: 'leaver@example.com', password }, meta());
  await commands.deleteUser({ userId: user.userId }, meta({ id: admin.userId, role: 'ADMIN' }));
  const again = await commands.registerUser({ email: 'leaver@example.com', password }, meta());
  t.not(again.userId, user.userId);
});

test('a password shorter than 8 characters is refused before anything is stored', async (t) => {
  const { deps, commands, meta } = await commandTestbed(t);
  await t.throwsAsync(commands.registerUser({ email: 'short@example.com', password: 'short' }, meta()), {
    instanceOf: InvalidCommandError,
  });
  t.is(await deps.store.lastCommittedPosition(), 0n);
});

test('registering twice with the same idempotency key creates one account', async (t) => {
  const { deps, commands, meta } = await commandTestbed(t);
  const first = await commands.registerUser(
    { email: 'once@example.com', password },
    meta(null, { commandId: 'k1' }),
  );
  const head = await deps.store.lastCommittedPosition();
  const second = await commands.registerUser(
    { email: 'once@example.com', password },
    meta(null, { commandId: 'k1' }),
  );
  t.is(second.userId, first.userId);
  t.false(second.changed);
  t.is(await deps.store.lastCommittedPosition(), head);
});

test('verifying with the emailed token raises ANONYMOUS to AUTHENTICATED and the token works once', async (t) => {
  const { deps, commands, meta } = await commandTestbed(t);
  await commands.registerUser({ email: 'admin@example.com', password }, meta());
  const user = await commands.registerUser({ email: 'verify@example.com', password }, meta());
  await commands.verifyEmail({ userId: user.userId, token: user.verificationToken! }, meta());
  t.like((await loadUser(deps, user.userId)).state, { emailVerified: true, role: 'AUTHENTICATED' });
  const again = await commands.verifyEmail({ userId: user.userId, token: user.verificationToken! }, meta());
  t.false(again.changed);
});
