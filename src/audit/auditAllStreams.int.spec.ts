import test from 'ava';
import { userStream } from '../domain/index.js';
import { sql } from '../infrastructure/postgres/sql.js';
import { commandTestbed } from '../../test/support/commandTestbed.js';
import { holdOlderTransaction } from '../../test/support/olderTransaction.js';
import { storedEvents } from '../../test/support/storedEvents.js';
import { auditAllStreams } from './auditAllStreams.js';

const password = 'correct horse battery';

async function twoAccounts(t: Parameters<typeof commandTestbed>[0]) {
  const bed = await commandTestbed(t);
  const admin = await bed.commands.registerUser({ email: 'admin@example.com', password }, bed.meta());
  const asAdmin = bed.meta({ id: admin.userId, role: 'ADMIN' });
  const user = await bed.commands.registerUser({ email: 'grace@example.com', password }, bed.meta());
  await bed.commands.updateProfile({ userId: user.userId, changes: { bio: 'A bio' } }, asAdmin);
  await bed.commands.updateProfile({ userId: user.userId, changes: { bio: 'Another bio' } }, asAdmin);
  return { ...bed, userStream: userStream(user.userId) };
}

test('every stream of an untouched store checks out, in small batches too', async (t) => {
  const { deps, db } = await twoAccounts(t);
  const report = await auditAllStreams(deps.store, { batchSize: 2 });
  t.deepEqual(report.broken, []);
  t.true(report.streams >= 2);
  t.is(report.events, (await storedEvents(db.pool)).length);
});

test('a row edited in PostgreSQL is found at exactly that event', async (t) => {
  const { deps, db, userStream: stream } = await twoAccounts(t);
  const target = (await deps.store.readStream(stream))[2]!;
  await db.pool.query(sql.typeAlias('void')`
    update events set data = data || '{"forged": true}' where stream_id = ${stream} and stream_revision = 2
  `);
  const report = await auditAllStreams(deps.store, { batchSize: 3 });
  t.deepEqual(report.broken, [
    { streamId: stream, revision: 2n, eventId: target.eventId, reason: 'hash-mismatch' },
  ]);
});

test('a deleted newest event is found against the stream head', async (t) => {
  const { deps, db, userStream: stream } = await twoAccounts(t);
  const head = await deps.store.streamRevision(stream);
  await db.pool.query(sql.typeAlias('void')`
    delete from events where stream_id = ${stream} and stream_revision = ${head}
  `);
  const report = await auditAllStreams(deps.store);
  t.deepEqual(report.broken, [{ streamId: stream, revision: head, eventId: null, reason: 'missing-events' }]);
});

test('a stream committed before the audit but held back behind an older open transaction is still checked', async (t) => {
  const { deps, db, commands, meta } = await twoAccounts(t);
  const older = holdOlderTransaction(db.pool);
  await older.started;
  const late = await commands.registerUser({ email: 'late@example.com', password }, meta());
  const visible = await deps.store.readAll({ after: 0n, limit: 10_000 });
  t.false(
    visible.some((event) => event.streamId === userStream(late.userId)),
    'the new stream is held back',
  );

  // The older transaction ends only once the audit has found nothing more to read.
  const report = await auditAllStreams({
    ...deps.store,
    async readAll(options) {
      const batch = await deps.store.readAll(options);
      if (batch.length === 0) older.end();
      return batch;
    },
  });
  await older.ended;

  t.deepEqual(report.broken, []);
  t.is(report.events, (await storedEvents(db.pool)).length);
});
