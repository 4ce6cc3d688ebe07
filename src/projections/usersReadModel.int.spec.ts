import { randomUUID } from 'node:crypto';
import test from 'ava';
import { InvalidCredentialsError } from '../domain/index.js';
import { getUser } from '../queries/getUser.js';
import { countUsers, listUsers } from '../queries/listUsers.js';
import { sql } from '../infrastructure/postgres/sql.js';
import { liveProjector } from './projector.js';
import { foldedUsers, projectedUsers, usersTable } from './testing/foldedUsers.js';
import type { ProjectionTestbed } from './testing/projectionTestbed.js';
import { projectionTestbed, rawEvent } from './testing/projectionTestbed.js';
import { usersReadModel } from './usersReadModel.js';
import { eventsThroughCommitted } from '../infrastructure/eventStore/pagesThroughCommitted.js';

const password = 'correct horse battery';

/**
 * An ADMIN, and a second account with a profile, some history (signed out everywhere twice), and a
 * deleted and an erased neighbour.
 */
async function busyHistory({ commands, meta, advance }: ProjectionTestbed) {
  const admin = await commands.registerUser({ email: 'admin@example.com', password }, meta());
  const asAdmin = meta({ id: admin.userId, role: 'ADMIN' });
  const alice = await commands.registerUser(
    { email: 'alice@example.com', password, firstName: 'Alice' },
    meta(),
  );
  await commands.verifyEmail({ userId: alice.userId, token: alice.verificationToken! }, meta());
  advance(60_000);
  await commands.updateProfile(
    { userId: alice.userId, changes: { bio: 'Hello', firstName: 'Alicia' } },
    asAdmin,
  );
  await commands.changeRole({ userId: alice.userId, newRole: 'MANAGER' }, asAdmin);
  await commands.setProfessionalStatus({ userId: alice.userId, isProfessional: true }, asAdmin);
  await commands.logIn({ email: 'alice@example.com', password }, meta());
  await commands
    .logIn({ email: 'alice@example.com', password: 'wrong horse battery' }, meta())
    .catch(() => {});
  await commands.revokeSessions({ userId: alice.userId }, asAdmin);
  await commands.revokeSessions({ userId: alice.userId }, meta({ id: alice.userId, role: 'MANAGER' }));
  const bob = await commands.registerUser({ email: 'bob@example.com', password }, meta());
  await commands.deleteUser({ userId: bob.userId }, asAdmin);
  const carol = await commands.registerUser({ email: 'carol@example.com', password }, meta());
  const erased = await commands.erasePersonalData({ userId: carol.userId }, asAdmin);
  return { lastPosition: erased.position };
}

test('registration, verification, profile, role, status and logins all show in the read model', async (t) => {
  const bed = await projectionTestbed(t);
  const { commands, meta, advance, db } = bed;
  const runner = bed.run(liveProjector(usersReadModel));
  const admin = await commands.registerUser({ email: 'admin@example.com', password }, meta());
  const asAdmin = meta({ id: admin.userId, role: 'ADMIN' });
  const alice = await commands.registerUser(
    { email: 'alice@example.com', password, firstName: 'Alice' },
    meta(),
  );
  await commands.verifyEmail({ userId: alice.userId, token: alice.verificationToken! }, meta());
  advance(60_000);
  await commands.updateProfile(
    { userId: alice.userId, changes: { bio: 'Hello', firstName: 'Alicia' } },
    asAdmin,
  );
  await commands.changeRole({ userId: alice.userId, newRole: 'MANAGER' }, asAdmin);
  advance(60_000);
  await commands.logIn({ email: 'alice@example.com', password }, meta());
  await t.throwsAsync(
    commands.logIn({ email: 'alice@example.com', password: 'wrong horse battery' }, meta()),
    {
      instanceOf: InvalidCredentialsError,
    },
  );
  const last = await commands.setProfessionalStatus({ userId: alice.userId, isProfessional: true }, asAdmin);

  await runner.waitFor(last.position, 10_000);

  t.like(await getUser(db.pool)(alice.userId), {
    email: 'alice@example.com',
    firstName: 'Alicia',
    bio: 'Hello',
    role: 'MANAGER',
    emailVerified: true,
    isProfessional: true,
    professionalStatusUpdatedAt: '2026-01-01T09:02:00.000Z',
    isLocked: false,
    failedLoginAttempts: 1,
    createdAt: '2026-01-01T09:00:00.000Z',
    lastLoginAt: '2026-01-01T09:02:00.000Z',
    updatedAt: '2026-01-01T09:02:00.000Z',
  });
  t.like(await getUser(db.pool)(admin.userId), { role: 'ADMIN', emailVerified: true });
});

test('a session signed out alone is remembered until its access tokens expire; signing out everywhere forgets them', async (t) => {
  const bed = await projectionTestbed(t);
  const runner = bed.run(liveProjector(usersReadModel));
  const alice = await bed.commands.registerUser({ email: 'alice@example.com', password }, bed.meta());
  const asAlice = bed.meta({ id: alice.userId, role: 'ADMIN' });
  const minutes = (count: number) => count * 60_000;
  const endIn = async (sessionId: string, expiresInMinutes: number) =>
    bed.commands.endSession(
      {
        userId: alice.userId,
        sessionId,
        tokensExpireBy: new Date(bed.deps.clock().getTime() + minutes(expiresInMinutes)),
      },
      asAlice,
    );
  const remembered = async (position: bigint) => {
    await runner.waitFor(position, 10_000);
    return (await getUser(bed.db.pool)(alice.userId))!.endedSessions.map((session) => session.id);
  };
  const [first, second, third] = [randomUUID(), randomUUID(), randomUUID()];

  await endIn(first, 30);
  bed.advance(minutes(20));
  t.deepEqual(await remembered((await endIn(second, 30)).position), [first, second]);
  bed.advance(minutes(15));
  t.deepEqual(await remembered((await endIn(third, 30)).position), [second, third], 'the first one expired');
  const everywhere = await bed.commands.revokeSessions({ userId: alice.userId }, asAlice);
  t.deepEqual(await remembered(everywhere.position), []);
});

test('a deleted account disappears from the read model and from the count', async (t) => {
  const bed = await projectionTestbed(t);
  const { commands, meta, db } = bed;
  const runner = bed.run(liveProjector(usersReadModel));
  const admin = await commands.registerUser({ email: 'admin@example.com', password }, meta());
  const bob = await commands.registerUser({ email: 'bob@example.com', password }, meta());
  await runner.waitFor(bob.position, 10_000);
  t.is((await listUsers(db.pool)({ skip: 0, limit: 10 })).total, 2);

  const deleted = await commands.deleteUser(
    { userId: bob.userId },
    meta({ id: admin.userId, role: 'ADMIN' }),
  );
  await runner.waitFor(deleted.position, 10_000);

  t.is(await getUser(db.pool)(bob.userId), null);
  const page = await listUsers(db.pool)({ skip: 0, limit: 10 });
  t.deepEqual(
    page.items.map((user) => user.id),
    [admin.userId],
  );
  t.is(page.total, 1);

  const erased = await commands.erasePersonalData(
    { userId: bob.userId },
    meta({ id: admin.userId, role: 'ADMIN' }),
  );
  await runner.waitFor(erased.position, 10_000);
  t.is(await countUsers(db.pool), 1, 'erasing an account already deleted does not count it out again');
});

test('the read model holds what a fold of every user stream holds', async (t) => {
  const bed = await projectionTestbed(t);
  const { lastPosition } = await busyHistory(bed);
  const runner = bed.run(liveProjector(usersReadModel), { batchSize: 3 });

  await runner.waitFor(lastPosition, 10_000);

  const folded = await foldedUsers(bed.deps.store, bed.deps.codec);
  t.deepEqual(await projectedUsers(bed.db.pool), folded);
  t.is(await countUsers(bed.db.pool), folded.length, 'the kept count of live accounts');
});

test('replaying every event a second time leaves every row as it was', async (t) => {
  const bed = await projectionTestbed(t);
  const { lastPosition } = await busyHistory(bed);
  const projector = liveProjector(usersReadModel);
  const runner = bed.run(projector);
  await runner.waitFor(lastPosition, 10_000);
  await runner.stop();
  const once = await usersTable(bed.db.pool);
  const countedOnce = await countUsers(bed.db.pool);

  const events = await bed.deps.codec.decodeAll(
    await eventsThroughCommitted(bed.deps.store, { after: 0n, limit: 1000 }),
  );
  await bed.db.pool.transaction(async (tx) => {
    for (const event of events) if (projector.handles.includes(event.type)) await projector.apply(event, tx);
  });

  t.is(once.length, 4);
  t.deepEqual(await usersTable(bed.db.pool), once);
  t.is(countedOnce, 2);
  t.is(await countUsers(bed.db.pool), countedOnce, 'events applied again count nothing again');
});

test('a projector starting up corrects a count of live accounts that an earlier version left behind', async (t) => {
  const bed = await projectionTestbed(t);
  const { lastPosition } = await busyHistory(bed);
  const first = bed.run(liveProjector(usersReadModel));
  await first.waitFor(lastPosition, 10_000);
  await first.stop();
  await bed.db.pool.query(sql.typeAlias('void')`update users_totals set live = 99`);

  const restarted = bed.run(liveProjector(usersReadModel));
  await restarted.waitFor(lastPosition, 10_000);

  t.is(await countUsers(bed.db.pool), (await projectedUsers(bed.db.pool)).length);
});

test('an event the projector cannot read is skipped, logged, and passed', async (t) => {
  const bed = await projectionTestbed(t);
  const runner = bed.run(liveProjector(usersReadModel));
  const userId = randomUUID();
  const { position } = await bed.deps.store.appendToStreams([
    {
      streamId: `user-${userId}`,
      expectedRevision: 'no_stream',
      events: [rawEvent('UserRegistered', { userId })],
    },
  ]);
  const alice = await bed.commands.registerUser({ email: 'alice@example.com', password }, bed.meta());

  await runner.waitFor(alice.position, 10_000);

  t.is(await getUser(bed.db.pool)(userId), null);
  t.truthy(await getUser(bed.db.pool)(alice.userId));
  t.like(
    bed.logged.find((line) => line.level === 'warn'),
    {
      message: 'projector skipped an event',
      details: { type: 'UserRegistered', position: position.toString() },
    },
  );
});

test('a NUL recorded by an earlier release shows as U+FFFD instead of stopping the read model', async (t) => {
  const bed = await projectionTestbed(t);
  const runner = bed.run(liveProjector(usersReadModel));
  const alice = await bed.commands.registerUser({ email: 'alice@example.com', password }, bed.meta());
  // Through the codec, as a command of that release wrote it (the bio encrypted), past today's input check.
  const recorded = await bed.deps.codec.encode(
    alice.userId,
    randomUUID(),
    { type: 'ProfileUpdated', data: { userId: alice.userId, changes: { bio: 'nul\u0000here' } } },
    rawEvent('ProfileUpdated', {}).metadata,
  );
  const { position } = await bed.deps.store.appendToStreams([
    { streamId: `user-${alice.userId}`, expectedRevision: 'any', events: [recorded] },
  ]);
  const bob = await bed.commands.registerUser({ email: 'bob@example.com', password }, bed.meta());

  await runner.waitFor(bob.position, 10_000);

  t.true(bob.position > position);
  t.is((await getUser(bed.db.pool)(alice.userId))?.bio, 'nul\uFFFDhere');
  t.truthy(await getUser(bed.db.pool)(bob.userId));
});
