import { createHash, randomUUID } from 'node:crypto';
import type { ExecutionContext } from 'ava';
import test from 'ava';
import { z } from 'zod';
import { freshDatabase } from '../../../test/support/freshDatabase.js';
import { sql } from '../postgres/sql.js';
import { createPostgresRefreshTokens } from './refreshTokens.js';

const DAY = 86_400_000;
const userId = randomUUID();
const t0 = new Date('2026-03-01T12:00:00.000Z');
const later = (ms: number) => new Date(t0.getTime() + ms);

const setUp = async (t: ExecutionContext) => {
  const database = await freshDatabase();
  t.teardown(database.drop);
  const tokens = createPostgresRefreshTokens(database.pool, { ttlMs: 14 * DAY, reuseLeewayMs: 30_000 });
  const rows = () =>
    database.pool.anyFirst(sql.type(z.object({ tokenHash: z.string() }))`
      select token_hash as "tokenHash" from refresh_tokens order by issued_at
    `);
  return { tokens, rows, pool: database.pool };
};

test('a token is spent once, and tells whose session it was', async (t) => {
  const { tokens } = await setUp(t);
  const token = await tokens.issue(userId, 3, t0);

  const first = await tokens.spend(token, later(1000));
  const second = await tokens.spend(token, later(2000));

  t.like(first, { kind: 'spent', userId, sessionGeneration: 3 });
  t.deepEqual(second, { kind: 'refused' }, 'within the leeway: a retried request, not a theft');
});

test('a spent token shown again after the leeway is reported as reused', async (t) => {
  const { tokens } = await setUp(t);
  const token = await tokens.issue(userId, 0, t0);
  await tokens.spend(token, later(1000));

  t.deepEqual(await tokens.spend(token, later(31_001)), { kind: 'reused', userId });
});

test('a successor belongs to the same family and works once in turn; another sign-in opens another', async (t) => {
  const { tokens } = await setUp(t);
  const first = await tokens.spend(await tokens.issue(userId, 0, t0), t0);
  if (first.kind !== 'spent') return t.fail();

  const successor = await tokens.issue(userId, 0, t0, first.session);
  const second = await tokens.spend(successor, later(1000));

  const otherSignIn = await tokens.spend(await tokens.issue(userId, 0, t0), t0);

  t.like(second, { kind: 'spent', session: first.session });
  t.like(otherSignIn, { kind: 'spent' });
  t.not(
    otherSignIn.kind === 'spent' && otherSignIn.session.id,
    first.session.id,
    'another sign-in, another family',
  );
});

test('an expired or unknown token is refused, and an expired one is never reported as reused', async (t) => {
  const { tokens } = await setUp(t);
  const unused = await tokens.issue(userId, 0, t0);
  const spent = await tokens.issue(userId, 0, t0);
  await tokens.spend(spent, t0);

  t.deepEqual(await tokens.spend(unused, later(14 * DAY)), { kind: 'refused' });
  t.deepEqual(await tokens.spend(spent, later(14 * DAY)), { kind: 'refused' });
  t.deepEqual(await tokens.spend('never-issued', t0), { kind: 'refused' });
});

test('two requests racing with one token: one successor, and no theft reported', async (t) => {
  const { tokens } = await setUp(t);
  const token = await tokens.issue(userId, 0, t0);

  const results = await Promise.all(Array.from({ length: 8 }, () => tokens.spend(token, later(500))));

  t.is(results.filter((result) => result.kind === 'spent').length, 1);
  t.is(results.filter((result) => result.kind === 'reused').length, 0);
});

test('only the SHA-256 of a token is stored', async (t) => {
  const { tokens, rows } = await setUp(t);
  const token = await tokens.issue(userId, 0, t0);

  t.deepEqual(await rows(), [createHash('sha256').update(token).digest('hex')]);
});

test('issuing removes a few expired tokens', async (t) => {
  const { tokens, rows } = await setUp(t);
  for (let index = 0; index < 3; index += 1) await tokens.issue(userId, 0, t0);

  await tokens.issue(userId, 0, later(15 * DAY));

  t.is((await rows()).length, 1);
});
