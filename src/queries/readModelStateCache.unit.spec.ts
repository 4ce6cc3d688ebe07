import test from 'ava';
import { readModelStateCache } from './readModelStateCache.js';

const state = (checkpoint: bigint, version = `v${checkpoint}`) => ({ checkpoint, version });

test('an answer is given again for the state it was read at, and for no other', (t) => {
  const cache = readModelStateCache<string, string>(10);
  cache.set('page', state(5n), 'read at 5');

  t.deepEqual(cache.get('page', state(5n)), { value: 'read at 5' });
  t.is(cache.get('page', state(5n, 'rewritten by a rebuild')), undefined, 'same checkpoint, another version');
  t.is(cache.get('page', state(6n)), undefined);
  t.is(cache.get('other', state(5n)), undefined);
});

test('an answer read at a newer state drops every other one; one read at an older state is not kept', (t) => {
  const cache = readModelStateCache<string, string>(10);
  cache.set('a', state(5n), 'a at 5');
  cache.set('b', state(5n), 'b at 5');
  cache.set('a', state(6n), 'a at 6');
  cache.set('b', state(4n), 'b at 4');

  t.deepEqual(cache.get('a', state(6n)), { value: 'a at 6' });
  t.is(cache.get('b', state(5n)), undefined);
  t.is(cache.get('b', state(4n)), undefined);
  t.is(cache.get('b', state(6n)), undefined);
});

test('a rebuild swapped in at the same checkpoint is a new state', (t) => {
  const cache = readModelStateCache<string, string>(10);
  cache.set('a', state(5n), 'before the swap');
  cache.set('b', state(5n, 'swapped'), 'after the swap');

  t.is(cache.get('a', state(5n)), undefined);
  t.is(cache.get('a', state(5n, 'swapped')), undefined);
  t.deepEqual(cache.get('b', state(5n, 'swapped')), { value: 'after the swap' });
});

test('a null answer (no such account) is an answer too', (t) => {
  const cache = readModelStateCache<string, string | null>(10);
  cache.set('gone', state(1n), null);
  t.deepEqual(cache.get('gone', state(1n)), { value: null });
});

test('the least recently used answer makes room for a new one', (t) => {
  const cache = readModelStateCache<string, number>(2);
  cache.set('a', state(1n), 1);
  cache.set('b', state(1n), 2);
  cache.get('a', state(1n));
  cache.set('c', state(1n), 3);

  t.deepEqual(cache.get('a', state(1n)), { value: 1 });
  t.is(cache.get('b', state(1n)), undefined);
  t.deepEqual(cache.get('c', state(1n)), { value: 3 });
});
