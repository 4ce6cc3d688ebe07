import test from 'ava';
import { AccountLockedError, EmailNotVerifiedError, InvalidCredentialsError } from '../domain/index.js';
import type { Testbed } from '../../test/support/commandTestbed.js';
import { commandTestbed } from '../../test/support/commandTestbed.js';
import { userStream } from '../domain/index.js';
import { loadUser } from './userAggregate.js';

const password = 'correct horse battery';

async function verifiedUser({ commands, meta }: Testbed, email: string) {
  await commands.registerUser({ email: 'admin@example.com', password }, meta());
  const user = await commands.registerUser({ email, password }, meta());
  await commands.verifyEmail({ userId: user.userId, token: user.verificationToken! }, meta());
  return user.userId;
}

test('the right password logs a verified user in, whatever the case of the email', async (t) => {
  const bed = await commandTestbed(t);
  const userId = await verifiedUser(bed, 'alice@example.com');
  const loggedIn = await bed.commands.logIn({ email: 'Alice@Example.COM', password }, bed.meta());
  t.like(loggedIn, { userId, role: 'AUTHENTICATED' });
});

test('an unknown email and a wrong password are refused alike', async (t) => {
  const bed = await commandTestbed(t);
  await verifiedUser(bed, 'alice@example.com');
  await t.throwsAsync(bed.commands.logIn({ email: 'nobody@example.com', password }, bed.meta()), {
    instanceOf: InvalidCredentialsError,
  });
  await t.throwsAsync(
    bed.commands.logIn({ email: 'alice@example.com', password: 'wrong password' }, bed.meta()),
    {
      instanceOf: InvalidCredentialsError,
    },
  );
});

test('the fifth consecutive failure locks the account and the right password no longer helps', async (t) => {
  const bed = await commandTestbed(t);
  const userId = await verifiedUser(bed, 'alice@example.com');
  const attempts = [1, 2, 3, 4, 5].map(() => 'wrong password');
  const outcomes: unknown[] = [];
  for (const attempt of attempts) {
    outcomes.push(
      await bed.commands.logIn({ email: 'alice@example.com', password: attempt }, bed.meta()).catch((e) => e),
    );
  }
  t.true(outcomes.slice(0, 4).every((error) => error instanceof InvalidCredentialsError));
  t.true(outcomes[4] instanceof AccountLockedError);
  await t.throwsAsync(bed.commands.logIn({ email: 'alice@example.com', password }, bed.meta()), {
    instanceOf: AccountLockedError,
  });
  t.like((await loadUser(bed.deps, userId)).state, { locked: true, failedAttempts: 5 });
});

test('failures before verification are recorded but never lock', async (t) => {
  const bed = await commandTestbed(t, { maxLoginAttempts: 2 });
  await bed.commands.registerUser({ email: 'admin@example.com', password }, bed.meta());
  const user = await bed.commands.registerUser({ email: 'new@example.com', password }, bed.meta());
  for (const _ of [1, 2, 3]) {
    await t.throwsAsync(
      bed.commands.logIn({ email: 'new@example.com', password: 'wrong password' }, bed.meta()),
    );
  }
  await t.throwsAsync(bed.commands.logIn({ email: 'new@example.com', password }, bed.meta()), {
    instanceOf: EmailNotVerifiedError,
  });
  t.like((await loadUser(bed.deps, user.userId)).state, { locked: false });
});

test('a lock with a duration ends by itself once the duration has passed', async (t) => {
  const bed = await commandTestbed(t, { maxLoginAttempts: 1, lockDurationMs: 60_000 });
  await verifiedUser(bed, 'alice@example.com');
  await t.throwsAsync(
    bed.commands.logIn({ email: 'alice@example.com', password: 'wrong password' }, bed.meta()),
    {
      instanceOf: AccountLockedError,
    },
  );
  bed.advance(60_000);
  const loggedIn = await bed.commands.logIn({ email: 'alice@example.com', password }, bed.meta());
  t.is(loggedIn.role, 'AUTHENTICATED');
});

test('a password reset unlocks the account and the new password works', async (t) => {
  const bed = await commandTestbed(t, { maxLoginAttempts: 1 });
  await verifiedUser(bed, 'alice@example.com');
  await t.throwsAsync(
    bed.commands.logIn({ email: 'alice@example.com', password: 'wrong password' }, bed.meta()),
  );
  const link = await bed.commands.requestPasswordReset({ email: 'alice@example.com' }, bed.meta());
  t.truthy(link);
  await bed.commands.resetPassword(
    { userId: link!.userId, token: link!.token, newPassword: 'a brand new secret' },
    bed.meta(),
  );
  const loggedIn = await bed.commands.logIn(
    { email: 'alice@example.com', password: 'a brand new secret' },
    bed.meta(),
  );
  t.is(loggedIn.userId, link!.userId);
});

test('a reset requested for an unknown email answers the same null as for nothing to do', async (t) => {
  const bed = await commandTestbed(t);
  t.is(await bed.commands.requestPasswordReset({ email: 'ghost@example.com' }, bed.meta()), null);
  t.is(await bed.deps.store.lastCommittedPosition(), 0n);
});

test('one account logging in from many devices at once: every login succeeds', async (t) => {
  const bed = await commandTestbed(t);
  const userId = await verifiedUser(bed, 'alice@example.com');
  const logins = await Promise.all(
    Array.from({ length: 8 }, () => bed.commands.logIn({ email: 'alice@example.com', password }, bed.meta())),
  );
  t.true(logins.every((loggedIn) => loggedIn.userId === userId));
});

test('a login racing sign-outs answers the session generation it was decided at', async (t) => {
  const bed = await commandTestbed(t);
  const userId = await verifiedUser(bed, 'alice@example.com');
  const asAlice = bed.meta({ id: userId, role: 'AUTHENTICATED' });

  const [logins] = await Promise.all([
    Promise.all(
      Array.from({ length: 12 }, () =>
        bed.commands.logIn({ email: 'alice@example.com', password }, bed.meta()),
      ),
    ),
    Promise.allSettled(Array.from({ length: 6 }, () => bed.commands.revokeSessions({ userId }, asAlice))),
  ]);

  const events = await bed.deps.store.readStream(userStream(userId));
  for (const loggedIn of logins) {
    const at = events.findIndex(
      (event) => event.type === 'LoginSucceeded' && event.position === loggedIn.position,
    );
    const revokedBefore = events.slice(0, at).filter((event) => event.type === 'SessionsRevoked').length;
    t.is(loggedIn.sessionGeneration, revokedBefore);
  }
});

test('an address signs in to its current owner, whoever signed in with it before', async (t) => {
  const bed = await commandTestbed(t);
  const { commands, meta } = bed;
  const admin = await commands.registerUser({ email: 'admin@example.com', password }, meta());
  const asAdmin = meta({ id: admin.userId, role: 'ADMIN' });
  const verified = async (email: string, userPassword: string) => {
    const user = await commands.registerUser({ email, password: userPassword }, meta());
    await commands.verifyEmail({ userId: user.userId, token: user.verificationToken! }, meta());
    return user.userId;
  };
  const alice = await verified('shared@example.com', password);
  t.like(await commands.logIn({ email: 'shared@example.com', password }, meta()), { userId: alice });

  // Alice moves to another address; Bob takes hers.
  await commands.changeEmail({ userId: alice, email: 'alice@example.com', markVerified: true }, asAdmin);
  const bob = await verified('shared@example.com', 'bob horse battery staple');
  t.like(
    await commands.logIn({ email: 'shared@example.com', password: 'bob horse battery staple' }, meta()),
    {
      userId: bob,
    },
  );
  t.like(await commands.logIn({ email: 'alice@example.com', password }, meta()), { userId: alice });

  // A deleted owner signs in no more, even by an address it signed in with a moment ago.
  await commands.deleteUser({ userId: bob }, asAdmin);
  await t.throwsAsync(
    commands.logIn({ email: 'shared@example.com', password: 'bob horse battery staple' }, meta()),
    { instanceOf: InvalidCredentialsError },
  );
});
