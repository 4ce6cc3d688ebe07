/**
 * The API's cost against the floor set by its own dependencies, measured in one run on this
 * machine (`npm run bench:api`). Figures vary with the machine: read the ratios.
 *   - logins/s through HTTP ÷ raw argon2id verifications/s (target ≥ 0.8): a login is one argon2
 *     verification plus a few queries and an append;
 *   - authenticated GET /users/{id} and GET /users/?limit=20 per second ÷ a bare express route's
 *     requests/s on the same Node (target ≥ 0.3), each beside its floor: the same statement and
 *     JSON behind the bare route;
 *   - the JWT check per request ÷ one raw HMAC-SHA256 (target ≤ 3×).
 */
import { createHmac, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import express from 'express';
import jwt from 'jsonwebtoken';
import type { DatabasePool } from 'slonik';
import { createPasswordHasher } from '../src/infrastructure/crypto/passwords.js';
import { createAccessTokens } from '../src/http/tokens.js';
import { userPage } from '../src/http/presenters/userPage.js';
import { userResponse } from '../src/http/presenters/userResponse.js';
import { getUser, listUsers } from '../src/queries/index.js';
import { benchApplication } from './support/benchApplication.js';
import type { CpuTime } from './support/cpuTime.js';
import { cpuTime, perOperation } from './support/cpuTime.js';
import { getAndDrop, logIn, postJson, putJson } from './support/httpClient.js';

const CONCURRENCY = 8;
const PHASE_MS = 4_000;
const WARMUP_MS = 1_000;
const ROUNDS = 3;
const password = 'correct horse battery staple';

async function main(): Promise<void> {
  const { app, config, base, close } = await benchApplication();
  try {
    await postJson(base, '/register/', { email: 'admin@example.com', password });
    const token = await logIn(base, 'admin@example.com', password);
    const users: { id: string }[] = [];
    for (let index = 0; index < 40; index += 1) {
      const body = { email: `user${index}@example.com`, password, email_verified: true };
      users.push(await postJson<{ id: string }>(base, '/users/', body, token));
    }
    // Another account than the caller's: the read is not the authorisation lookup's own row.
    const target = users[7]!;
    const written = users[8]!;

    /** Measures each read in turn while one client updates a profile back to back. */
    const whileWriting = async <K extends string>(reads: Record<K, () => Promise<number>>) => {
      let writing = true;
      let updates = 0;
      const started = performance.now();
      const writer = (async () => {
        while (writing) {
          await putJson(base, `/users/${written.id}`, { bio: `update ${updates}` }, token);
          updates += 1;
        }
      })();
      const rates = {} as Record<K, number>;
      for (const [name, read] of Object.entries(reads) as [K, () => Promise<number>][])
        rates[name] = await read();
      writing = false;
      await writer;
      return { rates, writes: updates / ((performance.now() - started) / 1000) };
    };

    // Each ratio is taken within one round, whose phases run back to back, and reported as the median
    // of ROUNDS rounds with its range: this machine's speed drifts from one phase to the next.
    const hasher = createPasswordHasher();
    const stored = await hasher.hash(password);
    let next = 0;
    const loginRounds = await rounds(async () => {
      const argon2 = await measured(CONCURRENCY, () => hasher.verify(password, stored));
      const logins = await measured(CONCURRENCY, () =>
        logIn(base, `user${next++ % 40}@example.com`, password),
      );
      return { argon2: argon2.rate, logins: logins.rate, argon2Cpu: argon2.cpu, loginCpu: logins.cpu };
    });
    report(
      'raw argon2id verifications/s (19 MiB, t=2, p=1)',
      loginRounds.map((round) => round.argon2),
    );
    report(
      'logins/s through HTTP',
      loginRounds.map((round) => round.logins),
    );
    reportRatio(
      'logins/s ÷ raw argon2id verifications/s',
      loginRounds.map((round) => round.logins / round.argon2),
      'target ≥ 0.8',
    );
    reportLoginCpu(loginRounds);

    // The bare route is measured before and after the API's reads and averaged, so that a drift of
    // the machine's speed does not favour either side. (Without the warm-up, the first bare phase ran
    // 30-45% slower than the second: cold code, not drift; it flattered every ratio below.)
    const bare = await bareExpress();
    const floor = await floorExpress(app.infra.pool, base);
    const readRounds = await rounds(async () => {
      const bareBefore = await perSecond(CONCURRENCY, () => getAndDrop(`${bare.base}/ping`));
      const byId = await perSecond(CONCURRENCY, () => getAndDrop(`${base}/users/${target.id}`, token));
      const list = await perSecond(CONCURRENCY, () => getAndDrop(`${base}/users/?limit=20`, token));
      const byIdFloor = await perSecond(CONCURRENCY, () => getAndDrop(`${floor.base}/users/${target.id}`));
      const listFloor = await perSecond(CONCURRENCY, () => getAndDrop(`${floor.base}/users/?limit=20`));
      const underWrites = await whileWriting({
        byId: () => perSecond(CONCURRENCY, () => getAndDrop(`${base}/users/${target.id}`, token)),
        list: () => perSecond(CONCURRENCY, () => getAndDrop(`${base}/users/?limit=20`, token)),
      });
      const bareAfter = await perSecond(CONCURRENCY, () => getAndDrop(`${bare.base}/ping`));
      return {
        bare: (bareBefore + bareAfter) / 2,
        byId,
        list,
        byIdFloor,
        listFloor,
        byIdUnderWrites: underWrites.rates.byId,
        listUnderWrites: underWrites.rates.list,
        writes: underWrites.writes,
      };
    });
    await new Promise((resolve) => bare.server.close(resolve));
    await new Promise((resolve) => floor.server.close(resolve));
    report(
      'bare express GET/s',
      readRounds.map((round) => round.bare),
    );
    report(
      'authenticated GET /users/{id}/s',
      readRounds.map((round) => round.byId),
    );
    report(
      'authenticated GET /users/?limit=20/s',
      readRounds.map((round) => round.list),
    );
    type ReadRound = (typeof readRounds)[number];
    const toBare = (label: string, rate: keyof ReadRound, note: string) =>
      reportRatio(
        label,
        readRounds.map((round) => round[rate] / round.bare),
        note,
      );
    toBare('GET /users/{id} ÷ bare express', 'byId', 'target ≥ 0.3');
    toBare('GET /users/?limit=20 ÷ bare express', 'list', 'target ≥ 0.3');
    // Reads answered from what an earlier request read at the same state of the read model need no
    // statement of their own; a write changes that state. So the same reads again, beside one client
    // that updates a profile back to back (every update a new state).
    report(
      'profile updates/s alongside the reads below',
      readRounds.map((round) => round.writes),
    );
    const alongside = 'every update a new read-model state';
    toBare('  GET /users/{id} ÷ bare express, alongside the updates', 'byIdUnderWrites', alongside);
    toBare('  GET /users/?limit=20 ÷ bare express, alongside the updates', 'listUnderWrites', alongside);
    const floorNote = 'its statement and JSON, nothing else';
    toBare("  GET /users/{id}'s floor ÷ bare express", 'byIdFloor', floorNote);
    toBare("  GET /users/?limit=20's floor ÷ bare express", 'listFloor', floorNote);

    // What read-your-writes costs: the consistent read (head, checkpoint and row in one statement,
    // concurrent lookups batched into one) against a plain one-row statement per lookup.
    const plain = getUser(app.infra.pool);
    const plainRate = await perSecond(CONCURRENCY, () => plain(target.id));
    const consistentRate = await perSecond(CONCURRENCY, () => app.services.queries.getUser(target.id));
    report('plain read-model lookups/s', [plainRate]);
    report('read-your-writes lookups/s, batched', [consistentRate]);
    reportRatio(
      'read-your-writes ÷ plain lookups',
      [consistentRate / plainRate],
      'batched against one statement each',
    );

    jwtCost(config.secrets.jwtSecret!);
  } finally {
    await close();
  }
}

function jwtCost(secret: string): void {
  const tokens = createAccessTokens(secret, 30);
  const token = tokens.issue('0b5c7a36-3a52-4b39-9b43-0d1f1d0b6a11', 'ADMIN', 0, randomUUID());
  const rounds = 20_000;
  const hmac = timePerCall(rounds, () => createHmac('sha256', secret).update(token).digest());
  const check = timePerCall(rounds, () => tokens.verify(token));
  const stringKey = timePerCall(2_000, () => jwt.verify(token, secret, { algorithms: ['HS256'] }));
  console.log(`raw HMAC-SHA256: ${(hmac * 1e6).toFixed(2)} µs`);
  console.log(`JWT check: ${(check * 1e6).toFixed(2)} µs = ${(check / hmac).toFixed(1)}× HMAC (target ≤ 3×)`);
  console.log(`JWT check with a string secret, for comparison: ${(stringKey / hmac).toFixed(1)}× HMAC`);
}

function timePerCall(rounds: number, call: () => unknown): number {
  for (let index = 0; index < 1_000; index += 1) call();
  const started = performance.now();
  for (let index = 0; index < rounds; index += 1) call();
  return (performance.now() - started) / 1000 / rounds;
}

/**
 * Where a login's CPU goes, against a raw verification's: the two cores are saturated in both phases,
 * so logins/s ÷ argon2id/s cannot exceed (argon2id's CPU) ÷ (a login's CPU). Linux only.
 */
function reportLoginCpu(loginRounds: { argon2Cpu: CpuTime | null; loginCpu: CpuTime | null }[]): void {
  const argon2 = loginRounds.map((round) => round.argon2Cpu);
  const login = loginRounds.map((round) => round.loginCpu);
  if (argon2.includes(null) || login.includes(null)) return;
  const ms = (values: (CpuTime | null)[], part: (cpu: CpuTime) => number) =>
    median(values.map((cpu) => part(cpu!)));
  const total = (cpu: CpuTime) => cpu.main + cpu.passwordHashing + cpu.garbageCollection + cpu.postgres;
  const raw = ms(argon2, total);
  const parts = {
    argon2id: ms(login, (cpu) => cpu.passwordHashing),
    'main thread': ms(login, (cpu) => cpu.main),
    'garbage collection': ms(login, (cpu) => cpu.garbageCollection),
    PostgreSQL: ms(login, (cpu) => cpu.postgres),
  };
  const sum = Object.values(parts).reduce((a, b) => a + b, 0);
  const split = Object.entries(parts).map(([name, value]) => `${name} ${value.toFixed(1)}`);
  console.log(`CPU ms per raw argon2id verification: ${raw.toFixed(1)}`);
  console.log(`CPU ms per login: ${split.join(' + ')} = ${sum.toFixed(1)}`);
  console.log(`  so at most ${(raw / sum).toFixed(2)}× on these cores (medians of the rounds)`);
}

/** Operations per second over PHASE_MS, after WARMUP_MS of the same load that is not counted (JIT, pools). */
async function perSecond(concurrency: number, operation: () => Promise<unknown>): Promise<number> {
  return (await measured(concurrency, operation)).rate;
}

/** perSecond, with the CPU time each operation cost (null where /proc cannot tell). */
async function measured(concurrency: number, operation: () => Promise<unknown>) {
  await completedWithin(WARMUP_MS, concurrency, operation);
  const cpuBefore = cpuTime();
  const started = performance.now();
  const done = await completedWithin(PHASE_MS, concurrency, operation);
  const rate = done / ((performance.now() - started) / 1000);
  const cpuAfter = cpuTime();
  return { rate, cpu: cpuBefore && cpuAfter ? perOperation(cpuBefore, cpuAfter, done) : null };
}

async function completedWithin(ms: number, concurrency: number, operation: () => Promise<unknown>) {
  const deadline = performance.now() + ms;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await operation();
        done += 1;
      }
    }),
  );
  return done;
}

async function rounds<T>(measure: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let round = 0; round < ROUNDS; round += 1) results.push(await measure());
  return results;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function report(label: string, values: number[]): void {
  const each = values.length > 1 ? `  (rounds: ${values.map((value) => value.toFixed(0)).join(', ')})` : '';
  console.log(`${label}: ${median(values).toFixed(0)}${each}`);
}

function reportRatio(label: string, ratios: number[], note: string): void {
  const range =
    ratios.length > 1
      ? `, ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)} over ${ratios.length} rounds`
      : '';
  console.log(`${label}: ${median(ratios).toFixed(2)}×${range}  (${note})`);
}

async function listen(app: express.Express): Promise<Server> {
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

async function bareExpress() {
  const app = express();
  app.get('/ping', (_req, res) => {
    res.json({ ok: true });
  });
  const server = await listen(app);
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/**
 * The floor of each read: its statement (plain, through slonik, with its row schema) and its
 * presenter behind an express with the API's settings and nothing else, so the figures show what part
 * of a read's cost is the stack and the payload themselves rather than the API's authentication,
 * read-your-writes check and middleware.
 */
async function floorExpress(pool: DatabasePool, baseUrl: string) {
  const app = express();
  app.set('etag', false);
  const page = listUsers(pool);
  app.get('/users/', async (_req, res) => {
    res.json(userPage(await page({ skip: 0, limit: 20 }), { skip: 0, limit: 20 }, baseUrl));
  });
  const one = getUser(pool);
  app.get('/users/:id', async (req, res) => {
    res.json(userResponse((await one(req.params.id))!, baseUrl));
  });
  const server = await listen(app);
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

await main();
