import test from 'ava';
import { readCheckpoint } from './checkpoints.js';
import { ProjectorStoppedError, ReadModelBehindError } from './readModelBehindError.js';
import type { ProjectionTestbed } from './testing/projectionTestbed.js';
import { projectionTestbed } from './testing/projectionTestbed.js';
import { createTallies, tallies, tallyingProjector } from './testing/tallyingProjector.js';

/** Appends `times` streams of five events; resolves to the last event's position. */
async function appendTimes(bed: ProjectionTestbed, times: number): Promise<bigint> {
  let last = 0n;
  for (let append = 0; append < times; append += 1) last = await bed.append(5);
  return last;
}

const once = (count: number) => ({ count, everyOnce: true });
const summary = (rows: { times: number }[]) => ({
  count: rows.length,
  everyOnce: rows.every((row) => row.times === 1),
});

test('every handled event is applied once, and unhandled ones still move the checkpoint', async (t) => {
  const bed = await projectionTestbed(t);
  await createTallies(bed.db.pool);
  await bed.append(7);
  const runner = bed.run(tallyingProjector('tally'), { batchSize: 3 });
  await bed.append(5);
  const head = await bed.append(2, 'Ignored');

  await runner.waitFor(head, 10_000);

  t.deepEqual(summary(await tallies(bed.db.pool)), once(12));
  t.is(await readCheckpoint(bed.db.pool, 'tally'), head);
  t.is(runner.position(), head);
});

test('a runner stopped mid-stream and started again applies every event exactly once', async (t) => {
  const bed = await projectionTestbed(t);
  await createTallies(bed.db.pool);
  const head = await appendTimes(bed, 8);
  let applied = 0;
  const first = bed.run(
    tallyingProjector('tally', {
      beforeApply: () => {
        applied += 1;
        if (applied === 12) void first.stop();
      },
    }),
    { batchSize: 5 },
  );
  await first.done;
  t.true(first.position() < head);

  const second = bed.run(tallyingProjector('tally'), { batchSize: 5 });
  await second.waitFor(head, 10_000);

  t.deepEqual(summary(await tallies(bed.db.pool)), once(40));
});

test('a batch that fails halfway is rolled back whole, and the restarted runner applies each event once', async (t) => {
  const bed = await projectionTestbed(t);
  await createTallies(bed.db.pool);
  const head = await appendTimes(bed, 6);
  let applied = 0;
  const failing = bed.run(
    tallyingProjector('tally', {
      beforeApply: () => {
        applied += 1;
        if (applied === 8) throw new Error('the database went away');
      },
    }),
    { batchSize: 5 },
  );

  await t.throwsAsync(failing.done, { message: 'the database went away' });
  const kept = await tallies(bed.db.pool);
  t.true(kept.length < 8);
  t.is(await readCheckpoint(bed.db.pool, 'tally'), kept.at(-1)?.position ?? 0n);
  await t.throwsAsync(failing.waitFor(head, 1_000), { instanceOf: ProjectorStoppedError });

  const restarted = bed.run(tallyingProjector('tally'), { batchSize: 5 });
  await restarted.waitFor(head, 10_000);

  t.deepEqual(summary(await tallies(bed.db.pool)), once(30));
});

test('two runners with the same name apply each event once between them', async (t) => {
  const bed = await projectionTestbed(t);
  await createTallies(bed.db.pool);
  await appendTimes(bed, 6);
  const runners = [1, 2].map(() => bed.run(tallyingProjector('tally'), { batchSize: 3 }));
  // The last write's own position: headPosition() lags while any transaction runs, runners' included.
  const head = await appendTimes(bed, 6);

  await Promise.all(runners.map((runner) => runner.waitFor(head, 10_000)));

  t.deepEqual(summary(await tallies(bed.db.pool)), once(60));
});

test('waitFor rejects with ReadModelBehindError when the position is not reached in time', async (t) => {
  const bed = await projectionTestbed(t);
  await createTallies(bed.db.pool);
  const head = await bed.append(3);
  const runner = bed.run(tallyingProjector('tally'));
  await runner.waitFor(head, 10_000);

  const error = await t.throwsAsync(runner.waitFor(head + 1n, 50), { instanceOf: ReadModelBehindError });

  t.like(error, { position: head + 1n, reached: head });
});
