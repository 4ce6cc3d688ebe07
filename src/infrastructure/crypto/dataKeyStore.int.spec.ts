import { randomBytes, randomUUID } from 'node:crypto';
import test from 'ava';
import type { ExecutionContext } from 'ava';
import { freshDatabase } from '../../../test/support/freshDatabase.js';
import { sql } from '../postgres/sql.js';
import { createPostgresDataKeyStore } from './dataKeyStore.js';

async function keyStore(t: ExecutionContext) {
  const db = await freshDatabase();
  t.teardown(db.drop);
  /** What another process erasing the subject does to the table. */
  const destroyElsewhere = (subjectId: string) =>
    db.pool.query(
      sql.typeAlias('void')`update data_keys set wrapped_key = null where subject_id = ${subjectId}`,
    );
  return { keys: createPostgresDataKeyStore(db.pool, { current: randomBytes(32) }), destroyElsewhere };
}

test('a key is remembered for the unit of work that fetched it, and only there', async (t) => {
  const { keys, destroyElsewhere } = await keyStore(t);
  const subject = randomUUID();
  const created = await keys.keyFor(subject);

  await keys.remembering(async () => {
    const fetched = await keys.find(subject);
    await destroyElsewhere(subject);
    t.is(await keys.find(subject), fetched, 'fetched once in the unit of work');
    t.true(fetched!.equals(created));
  });
  t.is(await keys.find(subject), null, 'outside it, the destruction holds at once');
});

test('outside a unit of work nothing is remembered', async (t) => {
  const { keys, destroyElsewhere } = await keyStore(t);
  const subject = randomUUID();
  await keys.keyFor(subject);
  await destroyElsewhere(subject);
  t.is(await keys.find(subject), null);
});

test('a key destroyed inside the unit of work is forgotten there too', async (t) => {
  const { keys } = await keyStore(t);
  const subject = randomUUID();
  await keys.remembering(async () => {
    await keys.keyFor(subject);
    await keys.destroy(subject);
    t.is(await keys.find(subject), null);
  });
});

test('concurrent units of work do not share what they remember', async (t) => {
  const { keys, destroyElsewhere } = await keyStore(t);
  const subject = randomUUID();
  await keys.keyFor(subject);
  let destroyed!: () => void;
  const destruction = new Promise<void>((resolve) => (destroyed = resolve));
  await Promise.all([
    keys.remembering(async () => {
      t.truthy(await keys.find(subject));
      await destroyElsewhere(subject);
      destroyed();
    }),
    keys.remembering(async () => {
      await destruction;
      t.is(await keys.find(subject), null);
    }),
  ]);
});

test('findAll answers for every subject asked: its key, or null when destroyed or never made', async (t) => {
  const { keys, destroyElsewhere } = await keyStore(t);
  const [kept, destroyed, unknown] = [randomUUID(), randomUUID(), randomUUID()];
  const created = await keys.keyFor(kept);
  await keys.keyFor(destroyed);
  await destroyElsewhere(destroyed);

  const found = await keys.findAll([kept, destroyed, unknown, kept]);

  t.deepEqual([...found.keys()].sort(), [kept, destroyed, unknown].sort());
  t.true(found.get(kept)!.equals(created));
  t.is(found.get(destroyed), null);
  t.is(found.get(unknown), null);
});

test('findAll remembers what it fetched for the unit of work, like find', async (t) => {
  const { keys, destroyElsewhere } = await keyStore(t);
  const subject = randomUUID();
  await keys.keyFor(subject);

  await keys.remembering(async () => {
    const fetched = (await keys.findAll([subject])).get(subject) ?? null;
    t.truthy(fetched);
    await destroyElsewhere(subject);
    t.is(await keys.find(subject), fetched);
    t.is((await keys.findAll([subject])).get(subject), fetched);
  });
  t.is((await keys.findAll([subject])).get(subject), null);
});
