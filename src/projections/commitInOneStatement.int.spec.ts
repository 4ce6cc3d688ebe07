import { setTimeout as delay } from 'node:timers/promises';
import test from 'ava';
import type { DatabasePool, Interceptor } from 'slonik';
import { z } from 'zod';
import { eventsThroughCommitted } from '../infrastructure/eventStore/pagesThroughCommitted.js';
import { sql } from '../infrastructure/postgres/sql.js';
import { createPool } from '../infrastructure/postgres/pool.js';
import { ensureCheckpoint, lockCheckpoint, moveCheckpoint, readCheckpoint } from './checkpoints.js';
import { commitBatch } from './commitBatch.js';
import { liveProjector } from './projector.js';
import type { ProjectionTestbed } from './testing/projectionTestbed.js';
import { projectionTestbed } from './testing/projectionTestbed.js';
import { usersReadModel } from './usersReadModel.js';

const projector = liveProjector(usersReadModel);
const bioRow = z.object({ bio: z.string().nullable() });

/**
 * An account whose last event, a profile update setting its bio to "Hello", is still to be projected:
 * everything before it is, through commitBatch's transaction.
 */
async function oneUpdateToProject(bed: ProjectionTestbed, pool = bed.projection.pool) {
  const { commands, meta } = bed;
  const projection = { ...bed.projection, pool };
  const alice = await commands.registerUser(
    { email: 'alice@example.com', password: 'correct horse' },
    meta(),
  );
  await commands.updateProfile(
    { userId: alice.userId, changes: { bio: 'Hello' } },
    meta({ id: alice.userId, role: 'ANONYMOUS' }),
  );
  const events = await eventsThroughCommitted(projection.store, { after: 0n, limit: 100 });
  const update = events.at(-1)!;
  if (update.type !== 'ProfileUpdated') throw new Error(`the last event is a ${update.type}`);
  await ensureCheckpoint(projection.pool, projector.name);
  const before = events.at(-2)!.position;
  if (!(await commitBatch(projection, projector, 0n, events.slice(0, -1))).committed)
    throw new Error('setup');
  const bio = () =>
    projection.pool.oneFirst(sql.type(bioRow)`select bio from users where id = ${alice.userId}`);
  return { update, before, bio };
}

/** The pool, counting the transactions begun through it. */
function countingTransactions(pool: DatabasePool) {
  const counted = { transactions: 0 };
  const proxy = new Proxy(pool, {
    get(target, property, receiver) {
      if (property === 'transaction') counted.transactions += 1;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { pool: proxy, counted };
}

test('a batch of one update commits it with its checkpoint in one statement, without a transaction', async (t) => {
  const bed = await projectionTestbed(t);
  const { update, before, bio } = await oneUpdateToProject(bed);
  const { pool, counted } = countingTransactions(bed.projection.pool);

  const outcome = await commitBatch({ ...bed.projection, pool }, projector, before, [update]);

  t.deepEqual(outcome, { committed: true });
  t.is(counted.transactions, 0);
  t.is(await bio(), 'Hello');
  t.is(await readCheckpoint(bed.projection.pool, projector.name), update.position);
});

/**
 * Accounts (`ids`) whose profile updates (setting each bio to the given text, in order) are still to
 * be projected, everything before them already projected: `pending` holds those updates in log order.
 */
async function updatesToProject(bed: ProjectionTestbed, bios: readonly (readonly string[])[]) {
  const { commands, meta } = bed;
  const ids: string[] = [];
  for (const [index] of bios.entries()) {
    const email = `user${index}@example.com`;
    ids.push((await commands.registerUser({ email, password: 'correct horse' }, meta())).userId);
  }
  await ensureCheckpoint(bed.projection.pool, projector.name);
  const registered = await eventsThroughCommitted(bed.projection.store, { after: 0n, limit: 100 });
  const before = registered.at(-1)!.position;
  if (!(await commitBatch(bed.projection, projector, 0n, registered)).committed) throw new Error('setup');
  const rounds = Math.max(...bios.map((texts) => texts.length));
  for (let round = 0; round < rounds; round += 1) {
    for (const [index, texts] of bios.entries()) {
      if (round >= texts.length) continue;
      const actor = { id: ids[index]!, role: 'ANONYMOUS' as const };
      await commands.updateProfile({ userId: ids[index]!, changes: { bio: texts[round]! } }, meta(actor));
    }
  }
  const pending = await eventsThroughCommitted(bed.projection.store, { after: before, limit: 100 });
  const bio = (index: number) =>
    bed.projection.pool.oneFirst(sql.type(bioRow)`select bio from users where id = ${ids[index]!}`);
  return { ids, pending, before, bio };
}

/** The pool, counting the statements through it that change the users table. */
async function countingUserStatements(bed: ProjectionTestbed) {
  const counted = { statements: 0 };
  const counter: Interceptor = {
    name: 'countUserStatements',
    beforeQueryExecution: (_context, query) => {
      if (/(update|insert into) "users"/.test(query.sql)) counted.statements += 1;
      return null;
    },
  };
  const pool = await createPool(bed.db.url, { maxPoolSize: 2, interceptors: [counter] });
  return { pool, counted };
}

test('a batch of updates of different accounts commits in one statement, without a transaction', async (t) => {
  const bed = await projectionTestbed(t);
  const { pending, before, bio } = await updatesToProject(bed, [['Hello'], ['Bonjour'], ['Hallo']]);
  const { pool, counted } = countingTransactions(bed.projection.pool);

  const outcome = await commitBatch({ ...bed.projection, pool }, projector, before, pending);

  t.deepEqual(outcome, { committed: true });
  t.is(counted.transactions, 0);
  t.deepEqual([await bio(0), await bio(1), await bio(2)], ['Hello', 'Bonjour', 'Hallo']);
  t.is(await readCheckpoint(bed.projection.pool, projector.name), pending.at(-1)!.position);
});

test('a batch with two updates of one account goes through a transaction and applies them in order', async (t) => {
  const bed = await projectionTestbed(t);
  const { pending, before, bio } = await updatesToProject(bed, [['first', 'second'], ['other']]);
  const { pool, counted } = countingTransactions(bed.projection.pool);

  const outcome = await commitBatch({ ...bed.projection, pool }, projector, before, pending);

  t.deepEqual(outcome, { committed: true });
  t.is(counted.transactions, 1);
  t.deepEqual([await bio(0), await bio(1)], ['second', 'other']);
});

test("inside a transaction, updates of different accounts go in one statement, each account's in order", async (t) => {
  const bed = await projectionTestbed(t);
  // Log order: a0 b0 c0, a1 b1, a2: three waves (a row's second update starts the next one).
  const { pending, before, bio } = await updatesToProject(bed, [['a0', 'a1', 'a2'], ['b0', 'b1'], ['c0']]);
  const { pool, counted } = await countingUserStatements(bed);
  t.teardown(() => pool.end());

  const outcome = await commitBatch({ ...bed.projection, pool }, projector, before, pending);

  t.deepEqual(outcome, { committed: true });
  t.is(counted.statements, 3);
  t.deepEqual([await bio(0), await bio(1), await bio(2)], ['a2', 'b1', 'c0']);
});

const liveCount = (bed: ProjectionTestbed) =>
  bed.projection.pool.oneFirst(sql.type(z.object({ live: z.number() }))`select live::int4 from users_totals`);
const liveRows = (bed: ProjectionTestbed) =>
  bed.projection.pool.oneFirst(
    sql.type(z.object({ count: z.number() }))`select count(*)::int4 from users where not deleted`,
  );

const register = (bed: ProjectionTestbed, name: string) =>
  bed.commands.registerUser({ email: `${name}@example.com`, password: 'correct horse' }, bed.meta());

/** Everything logged so far projected through commitBatch; the position it reached. */
async function projectAll(bed: ProjectionTestbed): Promise<bigint> {
  await ensureCheckpoint(bed.projection.pool, projector.name);
  const events = await eventsThroughCommitted(bed.projection.store, { after: 0n, limit: 100 });
  if (!(await commitBatch(bed.projection, projector, 0n, events)).committed) throw new Error('setup');
  return events.at(-1)!.position;
}

test('accounts created together commit in one statement with their checkpoint, counted once', async (t) => {
  const bed = await projectionTestbed(t);
  const { commands, meta } = bed;
  const admin = await register(bed, 'admin');
  const before = await projectAll(bed);
  const staff = meta({ id: admin.userId, role: 'ADMIN' });
  for (const name of ['bob', 'carol', 'dave']) {
    const email = `${name}@example.com`;
    await commands.createUser({ email, password: 'correct horse', markVerified: true }, staff);
  }
  const batch = await eventsThroughCommitted(bed.projection.store, { after: before, limit: 100 });
  const { pool, counted } = countingTransactions(bed.projection.pool);

  const outcome = await commitBatch({ ...bed.projection, pool }, projector, before, batch);

  t.deepEqual(outcome, { committed: true });
  t.is(counted.transactions, 0);
  t.is(await liveRows(bed), 4);
  t.is(await liveCount(bed), 4);
  t.is(await readCheckpoint(bed.projection.pool, projector.name), batch.at(-1)!.position);
});

test("a burst of registrations and deletions takes one statement per wave, each account's events in order", async (t) => {
  const bed = await projectionTestbed(t);
  const { commands, meta } = bed;
  const admin = await register(bed, 'admin');
  const leaving = await register(bed, 'leaving');
  const before = await projectAll(bed);
  // Each registration is two events of its account (the account, its verification request): two waves.
  for (const name of ['bob', 'carol', 'dave', 'erin']) {
    await register(bed, name);
  }
  await commands.deleteUser({ userId: leaving.userId }, meta({ id: admin.userId, role: 'ADMIN' }));
  const batch = await eventsThroughCommitted(bed.projection.store, { after: before, limit: 100 });
  const { pool, counted } = await countingUserStatements(bed);
  t.teardown(() => pool.end());

  const outcome = await commitBatch({ ...bed.projection, pool }, projector, before, batch);

  t.deepEqual(outcome, { committed: true });
  t.is(counted.statements, 2);
  t.is(await liveRows(bed), 5);
  t.is(await liveCount(bed), 5);
  const verificationsRequested = sql.type(z.object({ count: z.number() }))`
    select count(*)::int4 from users where not deleted and revision = 1
  `;
  t.is(await bed.projection.pool.oneFirst(verificationsRequested), 4, 'each new account saw both its events');
});

test('a registration or deletion applied again changes neither the rows nor the count', async (t) => {
  const bed = await projectionTestbed(t);
  const { commands, meta } = bed;
  const admin = await register(bed, 'admin');
  const leaving = await register(bed, 'leaving');
  await commands.deleteUser({ userId: leaving.userId }, meta({ id: admin.userId, role: 'ADMIN' }));
  await register(bed, 'bob');
  const end = await projectAll(bed);
  const events = await eventsThroughCommitted(bed.projection.store, { after: 0n, limit: 100 });

  // Another runner's batch, from a checkpoint that has already moved past it: a no-op.
  t.deepEqual(await commitBatch(bed.projection, projector, 0n, events), {
    committed: false,
    checkpoint: end,
  });
  // The same events once more under a new checkpoint name, onto the same tables.
  const again = { ...projector, name: 'users-read-model-again' };
  await ensureCheckpoint(bed.projection.pool, again.name);
  t.deepEqual(await commitBatch(bed.projection, again, 0n, events), { committed: true });

  t.is(await liveRows(bed), 2);
  t.is(await liveCount(bed), 2);
});

test('a batch of events the projector does not handle only moves the checkpoint, without a transaction', async (t) => {
  const bed = await projectionTestbed(t);
  await ensureCheckpoint(bed.projection.pool, projector.name);
  await bed.append(2);
  const ticks = await eventsThroughCommitted(bed.projection.store, { after: 0n, limit: 10 });
  const { pool, counted } = countingTransactions(bed.projection.pool);

  const outcome = await commitBatch({ ...bed.projection, pool }, projector, 0n, ticks);

  t.deepEqual(outcome, { committed: true });
  t.is(counted.transactions, 0);
  t.is(await readCheckpoint(bed.projection.pool, projector.name), ticks.at(-1)!.position);
});

test('a one-statement batch whose checkpoint moved elsewhere changes nothing', async (t) => {
  const bed = await projectionTestbed(t);
  const { update, before, bio } = await oneUpdateToProject(bed);
  await moveCheckpoint(bed.projection.pool, projector.name, before, update.position);

  const outcome = await commitBatch(bed.projection, projector, before, [update]);

  t.deepEqual(outcome, { committed: false, checkpoint: update.position });
  t.is(await bio(), null);
});

test('while someone holds the checkpoint, the batch waits without holding the tables, so a swap can lock them', async (t) => {
  const bed = await projectionTestbed(t);
  const { pool } = bed.projection;
  const { update, before, bio } = await oneUpdateToProject(bed);
  let holdsCheckpoint: (pid: number) => void = () => {};
  const holding = new Promise<number>((resolve) => (holdsCheckpoint = resolve));
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  // What a rebuild's swap does: the checkpoint's row first, then the tables, then it moves the checkpoint.
  const swap = pool.transaction(async (tx) => {
    await lockCheckpoint(tx, projector.name);
    holdsCheckpoint(
      await tx.oneFirst(sql.type(z.object({ pid: z.number() }))`select pg_backend_pid() as pid`),
    );
    await released;
    // A batch holding the table while it waits would make this a deadlock, which PostgreSQL breaks
    // after deadlock_timeout (1 s) and slonik retries: only a shorter lock timeout shows it.
    await tx.query(sql.typeAlias('void')`set local lock_timeout = '200ms'`);
    await tx.query(sql.typeAlias('void')`lock table users in access exclusive mode`);
    await moveCheckpoint(tx, projector.name, before, update.position);
  });
  const pid = await holding;

  const batch = commitBatch(bed.projection, projector, before, [update]);
  await blockedBy(pool, pid);
  release();
  await swap;

  t.deepEqual(await batch, { committed: false, checkpoint: update.position });
  t.is(await bio(), null);
});

/** Resolves once another session waits for a lock that the session `pid` holds. */
async function blockedBy(pool: DatabasePool, pid: number): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    const blocked = await pool.oneFirst(sql.type(z.object({ blocked: z.boolean() }))`
      select exists (select from pg_stat_activity where ${pid} = any(pg_blocking_pids(pid))) as blocked
    `);
    if (blocked) return;
    await delay(10);
  }
  throw new Error(`nobody waited for session ${pid}`);
}

test('the asynchronous commit of a batch is its own: later commits on its connection wait for the disk', async (t) => {
  const bed = await projectionTestbed(t);
  // One connection, for the batches and the question after each.
  const pool = await createPool(bed.db.url, { maxPoolSize: 1 });
  t.teardown(() => pool.end());
  const synchronousCommit = () =>
    pool.oneFirst(
      sql.type(z.object({ setting: z.string() }))`select current_setting('synchronous_commit') as setting`,
    );

  const { update, before } = await oneUpdateToProject(bed, pool); // a batch of several: a transaction
  const afterTransaction = await synchronousCommit();
  const outcome = await commitBatch({ ...bed.projection, pool }, projector, before, [update]);
  const afterStatement = await synchronousCommit();

  t.deepEqual(outcome, { committed: true });
  t.deepEqual([afterTransaction, afterStatement], ['on', 'on']);
});
