import type { ExecutionContext } from 'ava';
import test from 'ava';
import { freshDatabase } from '../../../../test/support/freshDatabase.js';
import { createPostgresSnapshotStore } from './postgresSnapshotStore.js';

const setUp = async (t: ExecutionContext) => {
  const database = await freshDatabase();
  t.teardown(database.drop);
  return createPostgresSnapshotStore(database.pool);
};

test('a saved snapshot loads back as saved', async (t) => {
  const snapshots = await setUp(t);

  await snapshots.save('user-1', 41n, 'ciphertext', 3);

  t.deepEqual(await snapshots.load('user-1'), {
    streamId: 'user-1',
    revision: 41n,
    schemaVersion: 3,
    state: 'ciphertext',
  });
  t.is(await snapshots.load('user-2'), null);
});

test('an older snapshot does not replace a newer one', async (t) => {
  const snapshots = await setUp(t);
  await snapshots.save('user-1', 50n, 'newer');

  await snapshots.save('user-1', 40n, 'older');

  t.like(await snapshots.load('user-1'), { revision: 50n, state: 'newer' });
});

test('a snapshot of another schema version replaces the stored one whatever its revision', async (t) => {
  const snapshots = await setUp(t);
  await snapshots.save('user-1', 50n, 'old shape', 1);

  await snapshots.save('user-1', 45n, 'new shape', 2);

  t.like(await snapshots.load('user-1'), { revision: 45n, schemaVersion: 2, state: 'new shape' });
});
