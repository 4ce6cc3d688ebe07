import { randomUUID } from 'node:crypto';
import type { ExecutionContext } from 'ava';
import test from 'ava';
import { memoryRateCounter } from '../../http/rateLimit.js';
import { createRedisConnection } from './redisConnection.js';
import { redisRateCounter } from './redisRateCounter.js';

const redisUrl = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const silent = { info: () => {}, warn: () => {}, error: () => {} };

/** A counter as one API instance holds it: its own connection, the shared prefix. */
async function instance(t: ExecutionContext, prefix: string, url = redisUrl) {
  const connection = createRedisConnection(url, 'producer', silent);
  t.teardown(() => connection.close());
  await connection.whenReady(2_000);
  return redisRateCounter(connection, prefix, memoryRateCounter());
}

test('instances sharing a Redis count one limit together', async (t) => {
  const prefix = `test-rate-${randomUUID()}`;
  const [first, second] = [await instance(t, prefix), await instance(t, prefix)];
  const counts = [];
  for (const counter of [first, second, first, second])
    counts.push((await counter.hit('login|10.0.0.1', 60_000)).count);
  t.deepEqual(counts, [1, 2, 3, 4]);
  t.is((await first.hit('login|10.0.0.2', 60_000)).count, 1, 'another client counts apart');
  t.is((await first.hit('register|10.0.0.1', 60_000)).count, 1, 'another bucket counts apart');
  const { retryAfterMs } = await second.hit('login|10.0.0.1', 60_000);
  t.true(retryAfterMs > 0 && retryAfterMs <= 60_000);
});

test('a window ends with its key: the next hit starts a new one', async (t) => {
  const prefix = `test-rate-${randomUUID()}`;
  const counter = await instance(t, prefix);
  t.is((await counter.hit('login|10.0.0.1', 50)).count, 1);
  t.is((await counter.hit('login|10.0.0.1', 50)).count, 2);
  const observer = createRedisConnection(redisUrl, 'producer', silent);
  t.teardown(() => observer.close());
  await observer.whenReady(2_000);
  // Until Redis itself has dropped the key (PTTL -2), not for a guessed time.
  while ((await observer.client.pttl(`${prefix}:login|10.0.0.1`)) !== -2) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  t.is((await counter.hit('login|10.0.0.1', 50)).count, 1);
});

test('while Redis is unreachable the instance counts on its own instead of refusing or letting all through', async (t) => {
  const counter = await instance(t, `test-rate-${randomUUID()}`, 'redis://127.0.0.1:1');
  t.deepEqual(
    [await counter.hit('login|10.0.0.1', 60_000), await counter.hit('login|10.0.0.1', 60_000)].map(
      (hit) => hit.count,
    ),
    [1, 2],
  );
});
