import type { ExecutionContext } from 'ava';
import test from 'ava';
import { createLinkTokens } from '../../src/infrastructure/crypto/linkTokens.js';
import { emailTestbed } from '../../src/infrastructure/mail/testing/emailTestbed.js';
import { apiLinks } from '../../src/notifications/index.js';
import { httpTestbed } from '../support/httpTestbed.js';

const password = 'correct horse battery';

/** The whole service over HTTP, plus the email pipeline on its store, a test queue and an SMTP server. */
async function service(t: ExecutionContext) {
  // Once main.ts runs the pipeline itself, this keeps it off so that only the test's one runs.
  const bed = await httpTestbed(t, { EMAIL_IN_PROCESS: 'false' });
  const { pool, store, codec, secrets } = bed.app.infra;
  const email = await emailTestbed(t, {
    pool,
    store,
    codec,
    linkTokens: createLinkTokens(secrets.emailHashKey),
  });
  const pipeline = await email.start({ publicBaseUrl: bed.baseUrl });
  const register = async (address: string) =>
    (await bed.call('POST', '/register/', { json: { email: address, password } })).body.id as string;
  const logIn = (address: string, secret = password) =>
    bed.call('POST', '/login/', { form: { username: address, password: secret } });
  return { bed, email, register, logIn, settled: () => email.settled(pipeline) };
}

test('registering sends exactly one verification email, and its link verifies the address', async (t) => {
  const { bed, email, register, logIn, settled } = await service(t);
  await register('admin@example.com');
  const userId = await register('ada@example.com');
  await settled();

  t.is(email.smtp.messages.length, 1);
  const [mail] = email.smtp.messages;
  t.deepEqual(mail?.to, ['ada@example.com']);
  t.regex(mail?.text ?? '', /expires at \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  const link = new RegExp(`${bed.baseUrl}(/verify-email/${userId}/[A-Za-z0-9_-]+)`).exec(mail?.text ?? '');
  t.truthy(link, mail?.text);
  t.is((await logIn('ada@example.com')).status, 401);
  const verified = await bed.call('GET', link![1]!);
  t.is(verified.status, 200);
  t.is((await logIn('ada@example.com')).status, 200);
});

test('five wrong passwords send exactly one account-locked email, pointing to a password reset', async (t) => {
  const { bed, email, register, logIn, settled } = await service(t);
  await register('admin@example.com');
  const answers: number[] = [];
  for (let attempt = 0; attempt < 6; attempt += 1)
    answers.push((await logIn('admin@example.com', 'wrong')).status);
  t.deepEqual(answers, [401, 401, 401, 401, 400, 400]);
  await settled();

  t.is(email.smtp.messages.length, 1);
  const [mail] = email.smtp.messages;
  t.deepEqual(mail?.to, ['admin@example.com']);
  t.is(mail?.subject, 'Your account is locked');
  t.true(mail?.text.includes(`${bed.baseUrl}/password-reset/request`));
});

test('the locked account can get back in through the emailed pages alone: ask for a link, then set a new password', async (t) => {
  const { bed, email, register, logIn, settled } = await service(t);
  const userId = await register('admin@example.com');
  for (let attempt = 0; attempt < 5; attempt += 1) await logIn('admin@example.com', 'wrong');
  await settled();
  const locked = email.smtp.messages.at(-1)!;
  const requestPage = new RegExp(`${bed.baseUrl}(/password-reset/request)\\b`).exec(locked.text)![1]!;
  const asked = await bed.call('GET', requestPage);
  t.is(asked.status, 200);
  t.regex(asked.headers.get('content-type') ?? '', /^text\/html/);
  // The page's script posts to its own path, which is the API route.
  t.is((await bed.call('POST', requestPage, { json: { email: 'admin@example.com' } })).status, 200);
  await settled();

  const reset = email.smtp.messages.at(-1)!;
  t.is(reset.subject, 'Reset your password');
  const link = new URL(new RegExp(`${bed.baseUrl}/password-reset/confirm\\?\\S+`).exec(reset.text)![0]);
  const page = await bed.call('GET', `${link.pathname}${link.search}`);
  t.is(page.status, 200);
  t.false(String(page.body).includes(link.searchParams.get('token')!), 'the token stays out of the HTML');
  t.is(page.headers.get('referrer-policy'), 'no-referrer');
  t.is(page.headers.get('cache-control'), 'no-store');
  const nonce = /script-src 'nonce-([^']+)'/.exec(page.headers.get('content-security-policy') ?? '')?.[1];
  t.true(
    String(page.body).includes(`<script nonce="${nonce}">`),
    'only the page script, by its nonce, may run',
  );

  const confirmed = await bed.call('POST', link.pathname, {
    json: {
      user_id: link.searchParams.get('user_id'),
      token: link.searchParams.get('token'),
      new_password: 'a brand new secret',
    },
  });
  t.is(confirmed.status, 200, JSON.stringify(confirmed.body));
  t.is(link.searchParams.get('user_id'), userId);
  t.is((await logIn('admin@example.com', 'a brand new secret')).status, 200);

  // The unlocked email's sign-in link opens a page too.
  const signInPage = await bed.call('GET', new URL(apiLinks(bed.baseUrl).logIn).pathname);
  t.is(signInPage.status, 200);
  t.regex(signInPage.headers.get('content-type') ?? '', /^text\/html/);
});

test('a role change sends one email naming the old and the new role, and verification raises none', async (t) => {
  const { bed, email, register, logIn, settled } = await service(t);
  await register('admin@example.com');
  const admin = (await logIn('admin@example.com')).body.access_token as string;
  const userId = await register('ada@example.com');
  await email.smtp.waitForMessages(1);
  const verify = /\/verify-email\/\S+/.exec(email.smtp.messages[0]!.text)![0];
  t.is((await bed.call('GET', verify)).status, 200);
  const changed = await bed.call('PUT', `/users/${userId}`, { token: admin, json: { role: 'MANAGER' } });
  t.is(changed.status, 200);
  await settled();

  const subjects = email.smtp.messages.map((mail) => mail.subject);
  t.deepEqual(subjects, ['Confirm your email address', 'Your role has changed']);
  t.regex(email.smtp.messages[1]!.text, /from AUTHENTICATED to MANAGER/);
  t.regex(email.smtp.messages[1]!.html, /<strong>AUTHENTICATED<\/strong> to <strong>MANAGER<\/strong>/);
});

test('signed out by staff, or for a reused refresh token, the holder is told; signing out oneself sends nothing', async (t) => {
  const { bed, email, register, logIn, settled } = await service(t);
  await register('admin@example.com');
  const admin = (await logIn('admin@example.com')).body.access_token as string;
  const created = await bed.call('POST', '/users/', {
    token: admin,
    json: { email: 'ada@example.com', password, email_verified: true },
  });
  const userId = created.body.id as string;
  await settled();
  const before = email.smtp.messages.length;

  const ada = (await logIn('ada@example.com')).body.access_token as string;
  t.is((await bed.call('POST', '/me/logout', { token: ada })).status, 204);
  t.is((await bed.call('POST', `/users/${userId}/logout`, { token: admin })).status, 204);
  await settled();

  const mails = email.smtp.messages.slice(before);
  t.deepEqual(
    mails.map((mail) => [mail.to, mail.subject]),
    [[['ada@example.com'], 'You were signed out everywhere']],
  );
  t.regex(mails[0]!.text, /an administrator ended its sessions/);
  t.true(mails[0]!.text.includes(`${bed.baseUrl}/login`));
});
