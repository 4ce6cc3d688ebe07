/**
 * Everything downstream of the event store, measured in one run on this machine
 * (`npm run bench:pipeline`). Figures vary with the machine: read the ratios.
 *   - projection lag: an append's commit → the read model showing it to a reader, p50/p99 under a
 *     steady write load, ÷ a raw PostgreSQL commit round trip measured at the same time (target
 *     p99 ≤ 5×);
 *   - emails/s: events → email subscriber → BullMQ on Redis → worker → the in-process SMTP server;
 *   - feed events/s: `GET /events` pages, as an ADMIN (personal fields decrypted) would read them.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Queue } from 'bullmq';
import type { CommandMeta } from '../src/commands/index.js';
import { createLinkTokens } from '../src/infrastructure/crypto/linkTokens.js';
import { createNotificationListener } from '../src/infrastructure/eventStore/postgres/notificationListener.js';
import type { EmailPipeline } from '../src/infrastructure/mail/emailPipeline.js';
import { startEmailPipeline } from '../src/infrastructure/mail/emailPipeline.js';
import { createRedisConnection } from '../src/infrastructure/redis/redisConnection.js';
import { sql } from '../src/infrastructure/postgres/sql.js';
import { CHECKPOINT_CHANNEL } from '../src/projections/index.js';
import { waitForPosition } from '../src/queries/index.js';
import { startSmtpServer } from '../test/support/smtpServer.js';
import type { BenchApplication } from './support/benchApplication.js';
import { benchApplication } from './support/benchApplication.js';
import { logIn } from './support/httpClient.js';

const ACCOUNTS = 300;
const WRITES_PER_SECOND = 200;
const LOAD_MS = 10_000;
const password = 'correct horse battery staple';
const QUEUE_PREFIX = 'bench-user-ledger';
const silent = { info: () => {}, warn: () => {}, error: () => {} };

async function main(): Promise<void> {
  const bench = await benchApplication();
  try {
    const { userIds, adminMeta } = await createAccounts(bench);
    await projectionLag(bench, userIds, adminMeta);
    await feedThroughput(bench);
    await emailThroughput(bench, ACCOUNTS);
  } finally {
    await bench.close();
  }
}

/** ACCOUNTS accounts created by an ADMIN, unverified: each one asks for a verification email. */
async function createAccounts({ app }: BenchApplication) {
  const commands = app.services.commands;
  const system: CommandMeta = { actor: null, correlationId: randomUUID() };
  const admin = await commands.registerUser({ email: 'admin@example.com', password }, system);
  const adminMeta: CommandMeta = { actor: { id: admin.userId, role: 'ADMIN' }, correlationId: randomUUID() };
  const userIds: string[] = [];
  for (let index = 0; index < ACCOUNTS; index += 4) {
    const batch = await Promise.all(
      [0, 1, 2, 3].map((offset) =>
        commands.createUser({ email: `user${index + offset}@example.com`, password }, adminMeta),
      ),
    );
    userIds.push(...batch.map((created) => created.userId));
  }
  return { userIds, adminMeta };
}

/**
 * Profile updates at a steady rate; each one's lag runs from its command returning (the commit) to
 * a reader seeing the read model's checkpoint at or past its position. Meanwhile one connection
 * times single-row autocommit INSERTs: the floor any committed write pays.
 */
async function projectionLag(
  { app }: BenchApplication,
  userIds: readonly string[],
  adminMeta: CommandMeta,
): Promise<void> {
  const pool = app.infra.pool;
  const notifications = createNotificationListener(pool.configuration.connectionUri, CHECKPOINT_CHANNEL);
  const visible = waitForPosition(pool, { notifications });
  await pool.query(
    sql.typeAlias('void')`create table bench_commits (id bigserial primary key, at timestamptz)`,
  );
  // The load starts from a read model that has caught up with the accounts' creation: the lag measured
  // is the steady load's, not that backlog's.
  await visible(await app.infra.store.lastCommittedPosition(), 60_000);

  const lags: number[] = [];
  const commits: number[] = [];
  const loadEnds = performance.now() + LOAD_MS;
  const rawCommits = (async () => {
    while (performance.now() < loadEnds) {
      const started = performance.now();
      await pool.query(sql.typeAlias('void')`insert into bench_commits (at) values (now())`);
      commits.push(performance.now() - started);
      await pause(5);
    }
  })();

  const writes: Promise<void>[] = [];
  const interval = 1000 / WRITES_PER_SECOND;
  for (let index = 0; performance.now() < loadEnds; index += 1) {
    const dueAt = loadEnds - LOAD_MS + index * interval;
    await pause(dueAt - performance.now());
    const userId = userIds[index % userIds.length]!;
    writes.push(
      (async () => {
        const result = await app.services.commands.updateProfile(
          { userId, changes: { bio: `bio ${index}` } },
          adminMeta,
        );
        const committed = performance.now();
        await visible(result.position, 10_000);
        lags.push(performance.now() - committed);
      })(),
    );
  }
  await Promise.all([...writes, rawCommits]);
  await notifications.close();

  const lag = percentiles(lags);
  const commit = percentiles(commits);
  console.log(
    `write load: ${lags.length} profile updates at ${((lags.length / LOAD_MS) * 1000).toFixed(0)}/s over ${LOAD_MS / 1000} s`,
  );
  console.log(`raw PostgreSQL commit round trip: p50 ${ms(commit.p50)}, p99 ${ms(commit.p99)}`);
  console.log(
    `projection lag (commit → visible to a reader): p50 ${ms(lag.p50)} (${(lag.p50 / commit.p50).toFixed(1)}×), ` +
      `p99 ${ms(lag.p99)} (${(lag.p99 / commit.p99).toFixed(1)}×; target p99 ≤ 5×)`,
  );
}

/** The whole log, page by page, as an ADMIN reads it over HTTP. */
async function feedThroughput({ base }: BenchApplication): Promise<void> {
  const token = await logIn(base, 'admin@example.com', password);
  for (const limit of [100, 1000]) {
    let after = '0';
    let events = 0;
    const started = performance.now();
    for (;;) {
      const response = await fetch(`${base}/events?after=${after}&limit=${limit}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      if (!response.ok) throw new Error(`/events: ${response.status} ${await response.text()}`);
      const page = (await response.json()) as { events: unknown[]; next: string };
      if (page.events.length === 0) break;
      events += page.events.length;
      after = page.next;
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `event feed, pages of ${limit}: ${events} events in ${ms(seconds * 1000)} = ${(events / seconds).toFixed(0)} events/s`,
    );
  }
}

/**
 * The email pipeline over a log that already holds the accounts' verification requests, in its two
 * parts: the subscriber turning events into BullMQ jobs, then the worker sending them to the SMTP
 * server (each part timed until it has handled everything).
 */
async function emailThroughput({ app, config }: BenchApplication, expected: number): Promise<void> {
  const smtp = await startSmtpServer();
  const redisUrl = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
  const queueName = `bench-email-${randomUUID()}`;
  const deps = {
    pool: app.infra.pool,
    store: app.infra.store,
    codec: app.infra.codec,
    log: silent,
    linkTokens: createLinkTokens(app.infra.secrets.emailHashKey),
  };
  const settings = {
    publicBaseUrl: 'http://users.test',
    redisUrl,
    queue: {
      name: queueName,
      prefix: QUEUE_PREFIX,
      attempts: 3,
      backoffMs: 100,
      keepCompletedMs: 60_000,
      keepFailedMs: 60_000,
    },
    smtp: { host: '127.0.0.1', port: smtp.port },
    from: 'User Ledger <no-reply@users.test>',
    dataDir: config.dataDir,
    subscriptionName: queueName,
  };
  const pipelines: EmailPipeline[] = [];
  try {
    const head = await app.infra.store.lastCommittedPosition();
    let started = performance.now();
    const subscriber = await startEmailPipeline(deps, settings, { subscriber: true, worker: false });
    pipelines.push(subscriber);
    await subscriber.subscriber!.waitFor(head, 120_000);
    const enqueueSeconds = (performance.now() - started) / 1000;
    const jobs = await queueOf(redisUrl, queueName, (queue) =>
      queue.getJobCountByTypes('waiting', 'prioritized'),
    );
    console.log(
      `email subscriber, events → BullMQ jobs: ${jobs} jobs in ${ms(enqueueSeconds * 1000)} = ${(jobs / enqueueSeconds).toFixed(0)} jobs/s`,
    );

    started = performance.now();
    pipelines.push(await startEmailPipeline(deps, settings, { subscriber: false, worker: true }));
    await smtp.waitForMessages(Math.min(jobs, expected), 120_000);
    const sendSeconds = (performance.now() - started) / 1000;
    const sent = smtp.messages.length;
    console.log(
      `email worker, BullMQ jobs → SMTP: ${sent} emails in ${ms(sendSeconds * 1000)} = ${(sent / sendSeconds).toFixed(0)} emails/s`,
    );
    console.log(`emails/s end to end: ${(sent / (enqueueSeconds + sendSeconds)).toFixed(0)}`);
  } finally {
    for (const pipeline of pipelines) await pipeline.close();
    await smtp.stop();
    await queueOf(redisUrl, queueName, (queue) => queue.obliterate({ force: true }));
  }
}

async function queueOf<T>(redisUrl: string, name: string, use: (queue: Queue) => Promise<T>): Promise<T> {
  const connection = createRedisConnection(redisUrl, 'worker', silent);
  const queue = new Queue(name, { connection: connection.client, prefix: QUEUE_PREFIX });
  try {
    return await use(queue);
  } finally {
    await queue.close();
    await connection.close();
  }
}

function percentiles(samples: number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
  return { p50: at(0.5), p99: at(0.99) };
}

const ms = (value: number) => `${value.toFixed(2)} ms`;
const pause = (delayMs: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, delayMs)));

await main();
