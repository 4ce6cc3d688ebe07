import test from 'ava';
import { lockCheckpoint } from '../projections/checkpoints.js';
import { liveProjector } from '../projections/projector.js';
import { ReadModelBehindError } from '../projections/readModelBehindError.js';
import type { ProjectionTestbed } from '../projections/testing/projectionTestbed.js';
import { projectionTestbed } from '../projections/testing/projectionTestbed.js';
import { usersReadModel, usersReadModelName } from '../projections/usersReadModel.js';
import { sql } from '../infrastructure/postgres/sql.js';
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

test("events in the read model's database: a request that sees the read model as an earlier one left it is given what that one read", async (t) => {
  const bed = await projectionTestbed(t);
  bed.run(liveProjector(usersReadModel));
  const reads: string[] = [];
  const queries = colocatedConsistentQueries(bed.db.pool, buildQueries(bed.db.pool), (read, source) =>
    reads.push(`${read} ${source}`),
  );
  const admin = await bed.commands.registerUser({ email: 'admin@example.com', password }, bed.meta());
  const alice = await bed.commands.registerUser({ email: 'alice@example.com', password }, bed.meta());
  /** An ADMIN's request: the caller's account first (always read), then the page and an account. */
  const request = () =>
    queries.inReadScope(async () => {
      await queries.accountStatus(admin.userId);
      const page = await queries.listUsers({ skip: 0, limit: 10 });
      const user = await queries.getUser(alice.userId);
      return { listed: page.items.find((item) => item.id === alice.userId)?.bio, got: user?.bio };
    });
  t.deepEqual(await request(), { listed: null, got: null });

  // Not something the service ever does: it shows which answers come from the earlier reads.
  await bed.db.pool.query(
    sql.typeAlias('void')`update users set bio = 'behind the projector' where id = ${alice.userId}`,
  );
  reads.length = 0;
  t.deepEqual(await request(), { listed: null, got: null }, 'the same state: the same answers');
  t.deepEqual(reads, ['account statement', 'page reused', 'account reused'], 'the caller is always read');

  await bed.db.pool.query(sql.typeAlias('void')`
    update subscription_checkpoints set updated_at = now() where name = ${usersReadModelName}
  `);
  const edited = 'behind the projector';
  t.deepEqual(
    await request(),
    { listed: edited, got: edited },
    'a rebuild swapping tables in changes the state',
  );

  await bed.db.pool.transaction(async (tx) => {
    await lockCheckpoint(tx, usersReadModelName);
    await tx.query(sql.typeAlias('void')`update users set bio = 'reconciled' where id = ${alice.userId}`);
  });
  t.deepEqual(
    await request(),
    { listed: 'reconciled', got: 'reconciled' },
    'a change made under the checkpoint lock (a reconcile) changes the state',
  );

  await bed.commands.updateProfile(
    { userId: alice.userId, changes: { bio: 'Hello' } },
    bed.meta({ id: alice.userId, role: 'ANONYMOUS' }),
  );
  t.deepEqual(await request(), { listed: 'Hello', got: 'Hello' }, 'an event applied changes the state');
});
