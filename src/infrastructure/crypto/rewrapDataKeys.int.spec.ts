import { randomBytes, randomUUID } from 'node:crypto';
import test from 'ava';
import { freshDatabase } from '../../../test/support/freshDatabase.js';
import { createPostgresDataKeyStore } from './dataKeyStore.js';
import { rewrapDataKeys } from './rewrapDataKeys.js';

test('a key-encryption key rotates: old keys unwrap meanwhile, the rewrap moves them all, the old key can go', async (t) => {
  const db = await freshDatabase();
  t.teardown(db.drop);
  const [oldKek, newKek] = [randomBytes(32), randomBytes(32)];
  const before = createPostgresDataKeyStore(db.pool, { current: oldKek });
  const [alice, bob, erased] = [randomUUID(), randomUUID(), randomUUID()];
  const aliceKey = await before.keyFor(alice);
  await before.keyFor(erased);
  await before.destroy(erased);

  // The new key is current; keys made before still unwrap with the previous one, new ones use the new one.
  const during = createPostgresDataKeyStore(db.pool, { current: newKek, previous: oldKek });
  t.true((await during.find(alice))!.equals(aliceKey));
  const bobKey = await during.keyFor(bob);
  t.is(
    await createPostgresDataKeyStore(db.pool, { current: newKek })
      .find(alice)
      .catch(() => 'unreadable'),
    'unreadable',
  );

  t.deepEqual(await rewrapDataKeys(db.pool, { current: newKek, previous: oldKek }), {
    examined: 2,
    rewrapped: 1,
  });
  t.deepEqual(await rewrapDataKeys(db.pool, { current: newKek, previous: oldKek }), {
    examined: 2,
    rewrapped: 0,
  });

  const after = createPostgresDataKeyStore(db.pool, { current: newKek });
  t.true(
    (await after.find(alice))!.equals(aliceKey),
    'the data key itself is unchanged: events still decrypt',
  );
  t.true((await after.find(bob))!.equals(bobKey));
  t.is(await after.find(erased), null, 'an erased subject stays erased');
});

test('without the previous key, a key wrapped with another one is an error, never a wrong key', async (t) => {
  const db = await freshDatabase();
  t.teardown(db.drop);
  const subject = randomUUID();
  await createPostgresDataKeyStore(db.pool, { current: randomBytes(32) }).keyFor(subject);
  await t.throwsAsync(createPostgresDataKeyStore(db.pool, { current: randomBytes(32) }).find(subject));
});
