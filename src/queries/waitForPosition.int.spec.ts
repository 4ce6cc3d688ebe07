import test from 'ava';
import { createNotificationListener } from '../infrastructure/eventStore/postgres/notificationListener.js';
import { CHECKPOINT_CHANNEL } from '../projections/checkpoints.js';
import { liveProjector } from '../projections/projector.js';
import { ReadModelBehindError } from '../projections/readModelBehindError.js';
import { projectionTestbed } from '../projections/testing/projectionTestbed.js';
import { usersReadModel } from '../projections/usersReadModel.js';
import { buildQueries, readModelPosition, waitForPosition } from './index.js';

const password = 'correct horse battery';

test('waitForPosition resolves once the write has been projected', async (t) => {
  const bed = await projectionTestbed(t);
  const alice = await bed.commands.registerUser({ email: 'alice@example.com', password }, bed.meta());
  const waiting = waitForPosition(bed.db.pool)(alice.position, 10_000);

  bed.run(liveProjector(usersReadModel));

  await t.notThrowsAsync(waiting);
  t.true((await readModelPosition(bed.db.pool)()) >= alice.position);
});

test('waitForPosition rejects with ReadModelBehindError when the position is not reached in time', async (t) => {
  const bed = await projectionTestbed(t);
  const alice = await bed.commands.registerUser({ email: 'alice@example.com', password }, bed.meta());

  const error = await t.throwsAsync(waitForPosition(bed.db.pool)(alice.position, 100), {
    instanceOf: ReadModelBehindError,
  });

  t.like(error, { projection: usersReadModel.name, position: alice.position, reached: 0n, timeoutMs: 100 });
});

test('a checkpoint notification wakes waitForPosition without polling', async (t) => {
  const bed = await projectionTestbed(t);
  const notifications = createNotificationListener(bed.db.url, CHECKPOINT_CHANNEL);
  t.teardown(() => notifications.close());
  const alice = await bed.commands.registerUser({ email: 'alice@example.com', password }, bed.meta());
  const waiting = waitForPosition(bed.db.pool, { notifications, pollIntervalMs: 600_000 })(
    alice.position,
    30_000,
  );

  bed.run(liveProjector(usersReadModel));

  await t.notThrowsAsync(waiting);
});

test('getUser with atLeast sees an account registered a moment before, with no sleep', async (t) => {
  const bed = await projectionTestbed(t);
  bed.run(liveProjector(usersReadModel));
  const queries = buildQueries(bed.db.pool);

  const alice = await bed.commands.registerUser({ email: 'alice@example.com', password }, bed.meta());

  t.like(await queries.getUser(alice.userId, { atLeast: alice.position }), {
    id: alice.userId,
    email: 'alice@example.com',
    revision: alice.revision,
  });
});
