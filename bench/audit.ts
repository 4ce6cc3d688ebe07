/**
 * What an auditor waits for on a long history (`npm run bench:audit`): one account with 10,000
 * events (mostly sign-ins, as a busy account has), then the latency of `GET /users/{id}/history`
 * through real HTTP with authentication. The first page folds only its own events; the last page
 * folds (decrypts) the whole stream first, as do the state and the verification, for comparison.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { userStream } from '../src/domain/index.js';
import type { NewEvent } from '../src/infrastructure/eventStore/eventStore.js';
import type { Application } from '../src/main.js';
import { benchApplication } from './support/benchApplication.js';

const EVENTS = 10_000;
const BATCH = 500;
const password = 'correct horse battery staple';

async function main(): Promise<void> {
  const { app, base, close } = await benchApplication({ fastPasswordHashing: true });
  try {
    await call(base, 'POST', '/register/', { json: { email: 'admin@example.com', password } });
    const login = await call(base, 'POST', '/login/', { form: { username: 'admin@example.com', password } });
    const token = (login as { access_token: string }).access_token;
    const user = (await call(base, 'POST', '/users/', {
      token,
      json: { email: 'busy@example.com', password, first_name: 'Busy', email_verified: true },
    })) as { id: string };

    const started = performance.now();
    const position = await appendHistory(app, user.id);
    await app.projector?.waitFor(position, 300_000);
    console.log(
      `${EVENTS} events appended and projected in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const get = (path: string) => () => call(base, 'GET', path, { token });
    const history = `/users/${user.id}/history`;
    report('history, first page (limit 50)', await latencies(50, get(history)));
    report(
      'history, last page (limit 50)',
      await latencies(20, get(`${history}?after_revision=${EVENTS - 51}`)),
    );
    report('history/state now', await latencies(20, get(`${history}/state`)));
    report('history/verify', await latencies(20, get(`${history}/verify`)));
  } finally {
    await close();
  }
}

/** Appends straight through the store and the codec (encrypted as the command layer would): 10,000 commands would take minutes. */
async function appendHistory(app: Application, userId: string): Promise<bigint> {
  const { store, codec } = app.infra;
  const streamId = userStream(userId);
  let revision = await store.streamRevision(streamId);
  let position = 0n;
  while (revision < BigInt(EVENTS - 1)) {
    const count = Math.min(BATCH, EVENTS - 1 - Number(revision));
    const events: NewEvent[] = await Promise.all(
      Array.from({ length: count }, (_, index) =>
        codec.encode(userId, randomUUID(), eventAt(userId, Number(revision) + 1 + index), {
          occurredAt: new Date().toISOString(),
          actorId: null,
          actorRole: null,
          correlationId: randomUUID(),
          causationId: null,
          schemaVersion: 1,
          clientIp: `198.51.100.${index % 250}`,
          userAgent: 'bench-audit/1.0',
        }),
      ),
    );
    const result = await store.appendToStreams([{ streamId, expectedRevision: revision, events }]);
    revision = result.nextRevisions[0]!;
    position = result.position;
  }
  return position;
}

function eventAt(userId: string, revision: number) {
  if (revision % 10 === 0)
    return { type: 'ProfileUpdated', data: { userId, changes: { bio: `bio ${revision}` } } };
  if (revision % 10 === 5)
    return { type: 'LoginFailed', data: { userId, failedAttempts: 1, countsTowardLock: true } };
  return { type: 'LoginSucceeded', data: { userId } };
}

async function latencies(count: number, request: () => Promise<unknown>): Promise<number[]> {
  for (let warm = 0; warm < 3; warm += 1) await request();
  const times: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const started = performance.now();
    await request();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

function report(label: string, sorted: number[]): void {
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
  console.log(
    `${label}: p50 ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms (${sorted.length} requests)`,
  );
}

type CallOptions = { token?: string; json?: unknown; form?: Record<string, string> };

async function call(base: string, method: string, path: string, options: CallOptions = {}): Promise<unknown> {
  const headers: Record<string, string> = options.token ? { Authorization: `Bearer ${options.token}` } : {};
  let body: string | undefined;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  }
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

await main();
