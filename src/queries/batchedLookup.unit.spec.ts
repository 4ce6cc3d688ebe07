import test from 'ava';
import { batchedLookup } from './batchedLookup.js';

/** A load whose statements stay under way until the test answers them, recording the keys of each. */
function controllableLoad() {
  const statements: {
    keys: readonly string[];
    answer: (values: Record<string, number>) => void;
    fail: (error: Error) => void;
  }[] = [];
  const load = (keys: readonly string[]) =>
    new Promise<ReadonlyMap<string, number>>((resolve, reject) => {
      statements.push({ keys, answer: (values) => resolve(new Map(Object.entries(values))), fail: reject });
    });
  return { load, statements };
}

const settle = () => new Promise(setImmediate);

test('lookups asked for together share one statement, and each gets its own value', async (t) => {
  const source = controllableLoad();
  const lookup = batchedLookup(source.load);
  const answers = Promise.all([lookup('a'), lookup('b'), lookup('a')]);
  await settle();
  t.deepEqual(
    source.statements.map((statement) => statement.keys),
    [['a', 'b']],
  );
  source.statements[0]!.answer({ a: 1, b: 2 });
  t.deepEqual(await answers, [1, 2, 1]);
});

test('a lookup asked for while a statement runs waits for the next statement, never that one', async (t) => {
  const source = controllableLoad();
  const lookup = batchedLookup(source.load);
  const early = lookup('a');
  await settle();
  const late = [lookup('a'), lookup('b')];
  await settle();
  t.is(source.statements.length, 1, 'nothing is sent while a statement runs');
  source.statements[0]!.answer({ a: 1 });
  t.is(await early, 1);
  await settle();
  t.deepEqual(source.statements[1]!.keys, ['a', 'b']);
  source.statements[1]!.answer({ a: 10, b: 20 });
  t.deepEqual(await Promise.all(late), [10, 20]);
});

test('a key the statement does not return has no value', async (t) => {
  const source = controllableLoad();
  const lookup = batchedLookup(source.load);
  const missing = lookup('gone');
  await settle();
  source.statements[0]!.answer({});
  t.is(await missing, undefined);
});

test('a failed statement fails its own lookups only; the next ones are sent again', async (t) => {
  const source = controllableLoad();
  const lookup = batchedLookup(source.load);
  const failing = lookup('a');
  await settle();
  const next = lookup('b');
  source.statements[0]!.fail(new Error('connection lost'));
  await t.throwsAsync(failing, { message: 'connection lost' });
  await settle();
  source.statements[1]!.answer({ b: 2 });
  t.is(await next, 2);
});

test('no statement carries more keys than the batch limit', async (t) => {
  const source = controllableLoad();
  const lookup = batchedLookup(source.load, 2);
  const answers = Promise.all(['a', 'b', 'c'].map((key) => lookup(key)));
  await settle();
  source.statements[0]!.answer({ a: 1, b: 2 });
  await settle();
  t.deepEqual(
    source.statements.map((statement) => statement.keys),
    [['a', 'b'], ['c']],
  );
  source.statements[1]!.answer({ c: 3 });
  t.deepEqual(await answers, [1, 2, 3]);
});
