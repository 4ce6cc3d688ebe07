import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { z } from 'zod';
import { sql } from '../../src/infrastructure/postgres/sql.js';
import { freshDatabase } from '../support/freshDatabase.js';
import { httpTestbed } from '../support/httpTestbed.js';
import { startServer } from '../support/runningServer.js';

const password = 'correct horse battery';

test('metrics count requests by route template, commands by outcome, events, subscriber lag and reads', async (t) => {
  const bed = await httpTestbed(t);
  await bed.call('POST', '/register/', { json: { email: 'admin@example.com', password } });
  await bed.call('POST', '/register/', { json: { email: 'admin@example.com', password } });
  await bed.call('GET', '/users/0b5c7a36-3a52-4b39-9b43-0d1f1d0b6a11');
  const metrics = await bed.call('GET', '/metrics');
  t.is(metrics.status, 200);
  const text = String(metrics.body);
  t.regex(text, /http_request_duration_seconds_count\{method="POST",route="\/register",status="200"\} 1/);
  t.regex(
    text,
    /http_request_duration_seconds_count\{method="GET",route="\/users\/:user_id",status="401"\} 1/,
  );
  t.regex(text, /commands_total\{command="registerUser",outcome="ok"\} 1/);
  t.regex(text, /commands_total\{command="registerUser",outcome="refused"\} 1/);
  t.regex(text, /events_appended_total\{type="UserRegistered"\} 1/);
  t.regex(text, /subscription_lag_events\{subscription="users-read-model"\} \d+/);
  t.regex(text, /read_model_reads_total\{read="account",source="statement"\} [1-9]/);
});

test.serial('log lines carry the request id and never a token, password or email address', async (t) => {
  const db = await freshDatabase();
  t.teardown(db.drop);
  const dataDir = await mkdtemp(join(tmpdir(), 'user-ledger-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  const server = await startServer(t, { DATABASE_URL: db.url, DATA_DIR: dataDir, LOG_LEVEL: 'info' });
  const post = (path: string, body: string, type: string) =>
    fetch(`${server.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': type, 'X-Request-Id': 'req-123' },
      body,
    });
  await post('/register/', JSON.stringify({ email: 'first@example.com', password }), 'application/json');
  const second = await (
    await post(
      '/register/',
      JSON.stringify({ email: 'second.person@example.com', password }),
      'application/json',
    )
  ).json();
  const login = await (
    await post(
      '/login/',
      new URLSearchParams({ username: 'first@example.com', password }).toString(),
      'application/x-www-form-urlencoded',
    )
  ).json();
  await fetch(`${server.baseUrl}/verify-email/${(second as { id: string }).id}/a-secret-link-token`);
  await fetch(`${server.baseUrl}/me`, {
    headers: { Authorization: `Bearer ${(login as { access_token: string }).access_token}` },
  });
  t.is(await server.stop(), 0);

  const output = server.output();
  t.regex(output, /"requestId":"req-123"/);
  for (const secret of [
    password,
    'a-secret-link-token',
    (login as { access_token: string }).access_token,
    'second.person@example.com',
  ]) {
    t.false(output.includes(secret), `${secret.slice(0, 12)}… appears in the logs`);
  }
});

test.serial(
  'SIGTERM under load: in-flight requests finish, nothing accepted is lost, no connection is reset',
  async (t) => {
    const db = await freshDatabase();
    t.teardown(db.drop);
    const dataDir = await mkdtemp(join(tmpdir(), 'user-ledger-'));
    t.teardown(() => rm(dataDir, { recursive: true, force: true }));
    const server = await startServer(t, {
      DATABASE_URL: db.url,
      DATA_DIR: dataDir,
      RATE_LIMIT_PER_MINUTE: '0',
    });
    const port = Number(new URL(server.baseUrl).port);

    // Registrations hash with production argon2id, so a dozen of them stay in flight for a while.
    const inFlight = Array.from({ length: 12 }, (_, index) => register(port, `user${index}@example.com`));
    await waitUntil(async () => (await requestsInFlight(server.baseUrl)) >= 12);
    const stopped = server.stop();
    const outcomes = await Promise.all(inFlight);
    t.is(await stopped, 0);

    t.deepEqual(
      outcomes,
      Array.from({ length: 12 }, () => 200),
    );
    t.is(await register(port, 'late@example.com'), 'refused');
    const stored = await db.pool.oneFirst(
      sql.type(
        z.object({ count: z.number() }),
      )`select count(*)::int4 as count from events where type = 'UserRegistered'`,
    );
    t.is(stored, 12);
  },
);

async function requestsInFlight(baseUrl: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  return Number(/^http_requests_in_flight (\d+)/m.exec(text)?.[1] ?? 0);
}

/** Polls a condition the server exposes (no fixed sleep stands in for it), with a deadline. */
async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** One request on its own connection: 200, another status, 'refused' once nobody listens, or the error. */
function register(port: number, email: string): Promise<number | string> {
  return new Promise((resolve) => {
    const body = JSON.stringify({ email, password });
    const outgoing = request(
      {
        host: '127.0.0.1',
        port,
        path: '/register/',
        method: 'POST',
        agent: false,
        headers: { 'Content-Type': 'application/json' },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    outgoing.on('error', (error: NodeJS.ErrnoException) =>
      resolve(error.code === 'ECONNREFUSED' ? 'refused' : (error.code ?? error.message)),
    );
    outgoing.end(body);
  });
}

test('with METRICS_TOKEN_SHA256, /metrics answers only a scraper presenting the token as a bearer token', async (t) => {
  const token = 'a-metrics-token-the-environment-never-holds';
  const bed = await httpTestbed(t, {
    METRICS_TOKEN_SHA256: createHash('sha256').update(token).digest('hex'),
  });
  for (const authorization of [undefined, 'Bearer wrong', `Bearer ${token}x`, `Basic ${token}`]) {
    const answer = await bed.call(
      'GET',
      '/metrics',
      authorization ? { headers: { Authorization: authorization } } : {},
    );
    t.is(answer.status, 401, authorization);
    t.is(answer.headers.get('WWW-Authenticate'), 'Bearer');
  }
  const scraped = await bed.call('GET', '/metrics', { headers: { Authorization: `Bearer ${token}` } });
  t.is(scraped.status, 200);
  t.true(String(scraped.body).includes('http_request_duration_seconds'));
});

test('with REDIS_URL, readiness checks Redis and metrics count email jobs by state', async (t) => {
  const bed = await httpTestbed(t, { REDIS_URL: 'redis://127.0.0.1:6379', EMAIL_QUEUE: `ops-${Date.now()}` });
  const ready = await bed.call('GET', '/readyz');
  t.is(ready.status, 200);
  t.is(ready.body.checks.redis, 'ok');
  const metrics = String((await bed.call('GET', '/metrics')).body);
  t.regex(metrics, /email_jobs\{state="failed"\} 0/);
});

test('readiness stays 200 but says degraded, naming Redis, when it is configured but unreachable', async (t) => {
  const bed = await httpTestbed(t, { REDIS_URL: 'redis://127.0.0.1:1' });
  const ready = await bed.call('GET', '/readyz');
  t.is(ready.status, 200);
  t.like(ready.body, {
    status: 'degraded',
    checks: { database: 'ok', eventStore: 'ok', redis: 'unavailable' },
  });
});

test('with KAFKA_BROKERS, readiness checks Kafka and says degraded while no broker answers', async (t) => {
  const bed = await httpTestbed(t, { KAFKA_BROKERS: '127.0.0.1:1', RUN_WORKERS_IN_PROCESS: 'false' });
  const ready = await bed.call('GET', '/readyz');
  t.is(ready.status, 200);
  t.like(ready.body, {
    status: 'degraded',
    checks: { database: 'ok', eventStore: 'ok', kafka: 'unavailable' },
  });
});
