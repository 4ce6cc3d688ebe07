import { randomBytes } from 'node:crypto';
import type { ExecutionContext } from 'ava';
import test from 'ava';
import { freshPostgresStore } from '../../../../test/support/postgresStore.js';
import { createPostgresDataKeyStore } from '../../crypto/dataKeyStore.js';
import { newEvent } from '../eventStore.contract.js';
import type { FromSnapshot } from '../readFromSnapshot.js';
import { readFromSnapshot } from '../readFromSnapshot.js';
import { colocatedReadFromSnapshot } from './colocatedReadFromSnapshot.js';
import { createPostgresSnapshotStore } from './postgresSnapshotStore.js';

const streamId = 'user-0b5c7a36-3a52-4b39-9b43-0d1f1d0b6a11';
const subjectId = '0b5c7a36-3a52-4b39-9b43-0d1f1d0b6a11';

const setUp = async (t: ExecutionContext) => {
  const { store, pool } = await freshPostgresStore(t);
  const keyEncryptionKey = randomBytes(32);
  const keys = createPostgresDataKeyStore(pool, { current: keyEncryptionKey });
  const snapshots = createPostgresSnapshotStore(pool);
  const append = (count: number, expectedRevision: bigint | 'no_stream') =>
    store.appendToStreams([
      {
        streamId,
        expectedRevision,
        events: Array.from({ length: count }, (_, n) => newEvent('Noted', { n })),
      },
    ]);
  return {
    keys,
    otherProcessKeys: createPostgresDataKeyStore(pool, { current: keyEncryptionKey }),
    snapshots,
    append,
    colocated: colocatedReadFromSnapshot(pool, keys),
    separate: readFromSnapshot({ store, snapshots, keys }),
  };
};

/** Keys compare by their bytes. */
const comparable = ({ key, ...rest }: FromSnapshot) => ({
  ...rest,
  key: key?.export().toString('hex') ?? null,
});

test('without a snapshot, the whole stream, and the key', async (t) => {
  const { append, colocated, separate, keys } = await setUp(t);
  const key = await keys.keyFor(subjectId);
  await append(3, 'no_stream');

  const read = await colocated(streamId, subjectId);

  t.is(read.snapshot, null);
  t.is(read.key?.export().toString('hex'), key.export().toString('hex'));
  t.deepEqual(
    read.events.map((event) => event.revision),
    [0n, 1n, 2n],
  );
  t.deepEqual(comparable(read), comparable(await separate(streamId, subjectId)));
});

test('an unknown stream reads as empty', async (t) => {
  const { colocated, separate } = await setUp(t);

  const read = await colocated(streamId, subjectId);

  t.deepEqual(read, { snapshot: null, key: null, events: [] });
  t.deepEqual(read, await separate(streamId, subjectId));
});

test('with a snapshot, the snapshot, its key and only the events after it', async (t) => {
  const { append, colocated, separate, keys, snapshots } = await setUp(t);
  const key = await keys.keyFor(subjectId);
  await append(3, 'no_stream');
  await snapshots.save(streamId, 1n, 'state at 1', 4);

  const read = await colocated(streamId, subjectId);

  t.deepEqual(read.snapshot, { streamId, revision: 1n, schemaVersion: 4, state: 'state at 1' });
  t.is(read.key?.export().toString('hex'), key.export().toString('hex'));
  t.deepEqual(
    read.events.map((event) => event.revision),
    [2n],
  );
  t.deepEqual(comparable(read), comparable(await separate(streamId, subjectId)));
});

test('a snapshot of the last event comes with no events', async (t) => {
  const { append, colocated, separate, keys, snapshots } = await setUp(t);
  await keys.keyFor(subjectId);
  await append(2, 'no_stream');
  await snapshots.save(streamId, 1n, 'state at 1');

  const read = await colocated(streamId, subjectId);

  t.like(read.snapshot, { revision: 1n, state: 'state at 1' });
  t.deepEqual(read.events, []);
  t.deepEqual(comparable(read), comparable(await separate(streamId, subjectId)));
});

test('a snapshot whose key was destroyed, or never made, comes without a key', async (t) => {
  const { append, colocated, separate, keys, snapshots } = await setUp(t);
  await append(2, 'no_stream');
  await snapshots.save(streamId, 0n, 'state at 0');

  const neverMade = await colocated(streamId, subjectId);
  await keys.keyFor(subjectId);
  await keys.destroy(subjectId);
  const destroyed = await colocated(streamId, subjectId);

  for (const read of [neverMade, destroyed]) {
    t.like(read.snapshot, { revision: 0n });
    t.is(read.key, null);
    t.is(read.events.length, 1);
  }
  t.deepEqual(comparable(destroyed), comparable(await separate(streamId, subjectId)));
});

test('the key a load read is remembered for the rest of its unit of work', async (t) => {
  const { append, colocated, keys, snapshots, otherProcessKeys } = await setUp(t);
  await keys.keyFor(subjectId);
  await append(1, 'no_stream');
  await snapshots.save(streamId, 0n, 'state at 0');

  const [loaded, foundLater] = await keys.remembering(async () => {
    const read = await colocated(streamId, subjectId);
    await otherProcessKeys.destroy(subjectId);
    return [read.key, await keys.find(subjectId)];
  });

  t.truthy(loaded);
  t.is(foundLater, loaded, 'the command that loaded the user encrypts with the key it read');
  t.is(await keys.find(subjectId), null, 'outside it, the key is gone');
});
