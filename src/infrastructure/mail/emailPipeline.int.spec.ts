import { once } from 'node:events';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { z } from 'zod';
import type { Testbed } from '../../../test/support/commandTestbed.js';
import { commandTestbed } from '../../../test/support/commandTestbed.js';
import { MissingPlaceholderError } from '../../notifications/index.js';
import { deleteCheckpoint } from '../../projections/checkpoints.js';
import { sql } from '../postgres/sql.js';
import { emailJobId } from './emailQueue.js';
import { emailSubscriptionName } from './emailSubscriber.js';
import { defaultTemplatesDir } from './templateFiles.js';
import { emailTestbed } from './testing/emailTestbed.js';

const password = 'correct horse battery';

async function beds(t: Parameters<typeof commandTestbed>[0]) {
  const commands = await commandTestbed(t);
  const { store, codec, linkTokens } = commands.deps;
  const email = await emailTestbed(t, { pool: commands.db.pool, store, codec, linkTokens });
  return { commands, email };
}

/** The first account is a verified ADMIN and gets no mail; the second one is asked to verify. */
async function registerAda(bed: Testbed) {
  await bed.commands.registerUser({ email: 'admin@example.com', password }, bed.meta());
  return bed.commands.registerUser({ email: 'ada@example.com', password, firstName: 'Ada' }, bed.meta());
}

const deliveries = (bed: Testbed) =>
  bed.db.pool.any(sql.type(
    z.object({ route: z.string(), status: z.string(), failure: z.string().nullable() }),
  )`
    select route, status, failure from email_deliveries order by created_at
  `);

async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function templatesCopy(t: Parameters<typeof commandTestbed>[0]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'email-templates-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await cp(defaultTemplatesDir, dir, { recursive: true });
  return dir;
}

test('a verification mail arrives once, by SMTP with credentials, with the link token the command issued', async (t) => {
  const { commands, email } = await beds(t);
  const pipeline = await email.start({
    smtp: { host: '127.0.0.1', port: email.smtp.port, username: 'mailer', password: 'secret' },
  });
  const ada = await registerAda(commands);
  await email.settled(pipeline);

  t.is(email.smtp.messages.length, 1);
  const mail = email.smtp.messages[0]!;
  t.deepEqual(mail.to, ['ada@example.com']);
  t.is(mail.subject, 'Confirm your email address');
  t.true(mail.text.startsWith('Hello Ada,'));
  const link = `http://users.test/verify-email/${ada.userId}/${ada.verificationToken}`;
  t.true(mail.text.includes(link));
  t.true(mail.html.includes(`href="${link}"`));
  t.deepEqual(await deliveries(commands), [{ route: 'queue', status: 'enqueued', failure: null }]);
  t.like(pipeline.counters.snapshot(), { enqueued: 1, sent: 1, sentDirectly: 0, failed: 0 });
  const logged = email.logs.join('\n');
  t.false(logged.includes('ada@example.com') || logged.includes(ada.verificationToken!));
  t.true(logged.includes('"message":"email sent"'));
});

test('while the mail server is down the job retries with backoff; the mail arrives once it is back', async (t) => {
  const { commands, email } = await beds(t);
  await email.smtp.stop();
  const pipeline = await email.start();
  const failed = once(pipeline.worker!.worker, 'failed');
  await registerAda(commands);
  await failed;
  await email.smtp.start();

  await email.smtp.waitForMessages(1);
  await email.settled(pipeline);
  t.is(email.smtp.messages.length, 1);
  t.like(pipeline.counters.snapshot(), { sent: 1, failed: 0 });
  t.true(pipeline.counters.snapshot().retried >= 1);
  t.true(email.logs.some((line) => line.includes('email attempt failed; retrying with backoff')));
});

test('with Redis unreachable the subscriber sends directly and records it; back on Redis it does not resend', async (t) => {
  const { commands, email } = await beds(t);
  const offline = await email.start(
    { redisUrl: `redis://127.0.0.1:${await closedPort()}` },
    { subscriber: true, worker: false },
  );
  await registerAda(commands);
  await email.smtp.waitForMessages(1);
  await email.settled(offline);
  t.deepEqual(await deliveries(commands), [{ route: 'direct', status: 'sent', failure: null }]);
  t.like(offline.counters.snapshot(), { sentDirectly: 1, enqueued: 0 });
  t.true(email.logs.some((line) => line.includes('email queue unreachable; sending directly')));
  await offline.close();

  await deleteCheckpoint(commands.db.pool, emailSubscriptionName);
  const online = await email.start();
  await email.settled(online);
  t.is(email.smtp.messages.length, 1);
  t.like(online.counters.snapshot(), { enqueued: 0, sent: 0 });
});

test('direct sends that keep failing are recorded as failed, and the subscriber moves on', async (t) => {
  const { commands, email } = await beds(t);
  await email.smtp.stop();
  const offline = await email.start(
    { redisUrl: `redis://127.0.0.1:${await closedPort()}` },
    { subscriber: true, worker: false },
  );
  await registerAda(commands);
  await email.settled(offline);
  const [row] = await deliveries(commands);
  t.like(row, { route: 'direct', status: 'failed' });
  t.regex(row?.failure ?? '', /ECONNECTION|ESOCKET|Error/);
  t.like(offline.counters.snapshot(), { failed: 1, retried: 1 });
});

test('an event delivered again is not mailed again, even once its delivery row is gone (job id)', async (t) => {
  const { commands, email } = await beds(t);
  const first = await email.start();
  await registerAda(commands);
  await email.settled(first);
  await first.close();

  await deleteCheckpoint(commands.db.pool, emailSubscriptionName);
  const replay = await email.start();
  await email.settled(replay);
  t.like(replay.counters.snapshot(), { enqueued: 0, sent: 0 });
  await replay.close();

  await commands.db.pool.query(sql.typeAlias('void')`delete from email_deliveries`);
  await deleteCheckpoint(commands.db.pool, emailSubscriptionName);
  const withoutRows = await email.start();
  await email.settled(withoutRows);
  t.like(withoutRows.counters.snapshot(), { enqueued: 1, sent: 0 });
  t.is(email.smtp.messages.length, 1);
});

test('a template with a missing placeholder fails its job at once, which stays failed with the reason', async (t) => {
  const { commands, email } = await beds(t);
  const templatesDir = await templatesCopy(t);
  const pipeline = await email.start({ templatesDir });
  await writeFile(
    join(templatesDir, 'email-verification.txt'),
    'Subject: Hi\n\n{{name}}: {{verifcationUrl}}\n',
  );
  const failed = once(pipeline.worker!.worker, 'failed');
  const ada = await registerAda(commands);
  await failed;
  await email.settled(pipeline);

  const events = await commands.deps.store.readStream(`user-${ada.userId}`);
  const requested = events.find((event) => event.type === 'EmailVerificationRequested')!;
  const job = await email.queue.getJob(emailJobId(requested.eventId));
  t.is(await job?.getState(), 'failed');
  t.is(job?.attemptsMade, 1);
  t.regex(job?.failedReason ?? '', /email-verification: no value for \{\{verifcationUrl\}\}/);
  t.is(email.smtp.messages.length, 0);
  t.like(pipeline.counters.snapshot(), { failed: 1, retried: 0 });
  t.true(email.logs.some((line) => line.includes('email job failed for good; it stays in the failed set')));
});

test('start-up refuses a template with a missing placeholder', async (t) => {
  const { email } = await beds(t);
  const templatesDir = await templatesCopy(t);
  await writeFile(join(templatesDir, 'role-changed.html'), '<p>{{name}} is now {{role}}</p>');
  await t.throwsAsync(email.start({ templatesDir }), { instanceOf: MissingPlaceholderError });
});

test('without SMTP each mail is written as an .eml file under the data folder', async (t) => {
  const { commands, email } = await beds(t);
  const dataDir = await mkdtemp(join(tmpdir(), 'email-data-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  const pipeline = await email.start({ smtp: undefined, dataDir });
  await registerAda(commands);
  await email.settled(pipeline);

  const files = await readdir(join(dataDir, 'mail'));
  t.is(files.length, 1);
  t.regex(files[0]!, /\.eml$/);
  const eml = await readFile(join(dataDir, 'mail', files[0]!), 'utf8');
  t.regex(eml, /^Subject: Confirm your email address$/m);
  t.regex(eml, /^To: ada@example\.com$/m);
  t.is(email.smtp.messages.length, 0);
});
