import test from 'ava';
import { sharedCommittedHead } from './committedHead.js';

function controllableLookup() {
  const pending: ((value: bigint) => void)[] = [];
  let calls = 0;
  const lookup = () => {
    calls += 1;
    return new Promise<bigint>((resolve) => pending.push(resolve));
  };
  return { lookup, calls: () => calls, resolveNext: (value: bigint) => pending.shift()!(value) };
}

test('readers arriving during a lookup share one later lookup, never the earlier one', async (t) => {
  const source = controllableLookup();
  const head = sharedCommittedHead(source.lookup);
  const first = head();
  const second = head();
  const third = head();
  t.is(source.calls(), 1);
  source.resolveNext(10n);
  t.is(await first, 10n);
  await Promise.resolve();
  await new Promise(setImmediate);
  t.is(source.calls(), 2);
  source.resolveNext(12n);
  t.deepEqual(await Promise.all([second, third]), [12n, 12n]);
});

test('a failed lookup fails its readers only, and the next reader looks up again', async (t) => {
  let attempt = 0;
  const head = sharedCommittedHead(async () => {
    attempt += 1;
    if (attempt === 1) throw new Error('connection lost');
    return 7n;
  });
  await t.throwsAsync(head(), { message: 'connection lost' });
  t.is(await head(), 7n);
});
