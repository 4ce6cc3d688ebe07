import test from 'ava';
import { z } from 'zod';
import { ERASED, userStream } from '../domain/index.js';
import { verifyChain } from '../infrastructure/eventStore/hashChain.js';
import { sql } from '../infrastructure/postgres/sql.js';
import { commandTestbed } from '../../test/support/commandTestbed.js';
import { loadUser } from './userAggregate.js';

const password = 'correct horse battery';
const personal = {
  email: 'grace@example.com',
  firstName: 'Grace',
  lastName: 'Hopper',
  bio: 'Wrote the first compiler',
};

const storedText = z.object({ text: z.string() });

test('personal fields are stored encrypted: the clear values appear nowhere in the events table', async (t) => {
  const { db, commands, meta } = await commandTestbed(t);
  await commands.registerUser({ email: 'admin@example.com', password }, meta());
  await commands.registerUser(
    { ...personal, password },
    meta(null, { clientIp: '203.0.113.9', userAgent: 'curl/8' }),
  );
  const rows = await db.pool.any(
    sql.type(storedText)`select stream_id || data::text || metadata::text as text from events`,
  );
  const everything = rows.map((row) => row.text).join('\n');
  for (const value of [...Object.values(personal), '203.0.113.9', 'curl/8']) {
    t.false(everything.toLowerCase().includes(value.toLowerCase()), `${value} is stored in clear`);
  }
});

test('erasing a user makes every personal field read as erased while the history stays verifiable', async (t) => {
  const { db, deps, commands, meta } = await commandTestbed(t);
  const admin = await commands.registerUser({ email: 'admin@example.com', password }, meta());
  const asAdmin = meta({ id: admin.userId, role: 'ADMIN' });
  const user = await commands.registerUser({ ...personal, password }, meta());
  await commands.updateProfile({ userId: user.userId, changes: { bio: 'A second bio' } }, asAdmin);
  await commands.deleteUser({ userId: user.userId }, asAdmin);
  await commands.erasePersonalData({ userId: user.userId }, asAdmin);

  const { state } = await loadUser(deps, user.userId);
  t.like(state, { status: 'erased', email: ERASED, firstName: ERASED, lastName: ERASED });
  const history = await deps.codec.decodeAll(await deps.store.readStream(userStream(user.userId)));
  t.true(history.length >= 4);
  t.is(history.find((event) => event.type === 'ProfileUpdated')?.data['changes'] instanceof Object, true);
  t.deepEqual(
    (history.find((event) => event.type === 'ProfileUpdated')?.data['changes'] as { bio: string }).bio,
    ERASED,
  );
  t.is(verifyChain(await deps.store.readStream(userStream(user.userId))), null);

  const keyRows = await db.pool.any(
    sql.type(
      z.object({ destroyed: z.boolean() }),
    )`select wrapped_key is null as destroyed from data_keys where subject_id = ${user.userId}`,
  );
  t.deepEqual(keyRows, [{ destroyed: true }]);
});

test('erasing twice is harmless: the second time changes nothing', async (t) => {
  const { commands, meta } = await commandTestbed(t);
  const admin = await commands.registerUser({ email: 'admin@example.com', password }, meta());
  const asAdmin = meta({ id: admin.userId, role: 'ADMIN' });
  const user = await commands.registerUser({ ...personal, password }, meta());
  await commands.deleteUser({ userId: user.userId }, asAdmin);
  await commands.erasePersonalData({ userId: user.userId }, asAdmin);
  const again = await commands.erasePersonalData({ userId: user.userId }, asAdmin);
  t.false(again.changed);
});

test('an account with many events loads from its snapshot into the same state as a full replay', async (t) => {
  const { deps, commands, meta } = await commandTestbed(t, { snapshotEvery: 10 });
  const admin = await commands.registerUser({ email: 'admin@example.com', password }, meta());
  const asAdmin = meta({ id: admin.userId, role: 'ADMIN' });
  const user = await commands.registerUser({ ...personal, password }, meta());
  for (let index = 0; index < 25; index += 1) {
    await commands.updateProfile({ userId: user.userId, changes: { bio: `bio number ${index}` } }, asAdmin);
  }
  const snapshot = await deps.snapshots.load(userStream(user.userId));
  t.truthy(snapshot);
  t.false(snapshot!.state.includes('bio number'));
  const viaSnapshot = await loadUser(deps, user.userId);
  const replayed = (await deps.codec.decodeAll(await deps.store.readStream(userStream(user.userId)))).length;
  t.is(viaSnapshot.revision, BigInt(replayed - 1));
  t.like(viaSnapshot.state, { bio: 'bio number 24', email: personal.email });
});
