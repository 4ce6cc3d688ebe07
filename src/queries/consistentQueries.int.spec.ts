import test from 'ava';
import { liveProjector } from '../projections/projector.js';
import { ReadModelBehindError } from '../projections/readModelBehindError.js';
import type { ProjectionTestbed } from '../projections/testing/projectionTestbed.js';
import { projectionTestbed } from '../projections/testing/projectionTestbed.js';
import { usersReadModel } from '../projections/usersReadModel.js';
import type { ConsistentQueries } from './consistentQueries.js';
import { colocatedConsistentQueries, consistentQueries } from './consistentQueries.js';
import { buildQueries } from './index.js';
import { UncommittedPositionError } from './uncommittedPositionError.js';

const password = 'correct horse battery';
const timeoutMs = 500;

/** Both ways of reading one's writes, on the same real store and read model. */
const implementations: Record<
  string,
  (bed: ProjectionTestbed, projector: { position(): bigint }) => ConsistentQueries
> = {
  'events in another store (the EventStoreDB path)': (bed, projector) =>
    consistentQueries(
      buildQueries(bed.db.pool, { readYourWritesTimeoutMs: timeoutMs }),
      bed.deps.store,
      projector,
    ),
  "events in the read model's database": (bed) =>
    colocatedConsistentQueries(
      bed.db.pool,
      buildQueries(bed.db.pool, { readYourWritesTimeoutMs: timeoutMs }),
    ),
};

for (const [name, consistent] of Object.entries(implementations)) {
  test(`${name}: a read sees every write committed before it began, with no position given`, async (t) => {
    const bed = await projectionTestbed(t);
    const queries = consistent(bed, bed.run(liveProjector(usersReadModel)));
    const alice = await bed.commands.registerUser({ email: 'alice@example.com', password }, bed.meta());
    await bed.commands.updateProfile(
      { userId: alice.userId, changes: { bio: 'Hello' } },
      bed.meta({ id: alice.userId, role: 'ANONYMOUS' }),
    );
    t.is((await queries.getUser(alice.userId))?.bio, 'Hello');
    t.is((await queries.listUsers({ skip: 0, limit: 10 })).total, 1);
  });

  test(`${name}: a position beyond every committed event is refused at once`, async (t) => {
    const bed = await projectionTestbed(t);
    const queries = consistent(bed, bed.run(liveProjector(usersReadModel)));
    const alice = await bed.commands.registerUser({ email: 'alice@example.com', password }, bed.meta());
    const started = Date.now();
    await t.throwsAsync(queries.getUser(alice.userId, { atLeast: alice.position + 1_000_000n }), {
      instanceOf: UncommittedPositionError,
    });
    t.true(Date.now() - started < timeoutMs, 'not after waiting for the timeout');
  });

  test(`${name}: a committed position the read model does not reach in time is ReadModelBehindError`, async (t) => {
    const bed = await projectionTestbed(t);
    const projector = bed.run(liveProjector(usersReadModel));
    const queries = consistent(bed, projector);
    await projector.stop();
    const alice = await bed.commands.registerUser({ email: 'alice@example.com', password }, bed.meta());
    await t.throwsAsync(queries.getUser(alice.userId, { atLeast: alice.position }), {
      instanceOf: ReadModelBehindError,
    });
    await t.throwsAsync(queries.getUser(alice.userId), { instanceOf: ReadModelBehindError });
  });
}
