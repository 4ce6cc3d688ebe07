import { randomUUID } from 'node:crypto';
import test from 'ava';
import { userStream } from '../../src/domain/index.js';
import type { HttpTestbed } from '../support/httpTestbed.js';
import { httpTestbed } from '../support/httpTestbed.js';

const password = 'correct horse battery';

async function verificationLink(bed: HttpTestbed, userId: string) {
  const events = await bed.app.infra.store.readStream(userStream(userId));
  const requested = events.findLast((event) => event.type === 'EmailVerificationRequested');
  const token = bed.linkToken('verify-email', userId, new Date(String(requested!.data['expiresAt'])));
  return `/verify-email/${userId}/${token}`;
}

test('registering answers 200 with the user at once, with and without the trailing slash', async (t) => {
  const bed = await httpTestbed(t);
  const first = await bed.call('POST', '/register/', { json: { email: 'first@example.com', password } });
  t.is(first.status, 200);
  t.like(first.body, {
    email: 'first@example.com',
    role: 'ADMIN',
    email_verified: true,
    is_professional: false,
  });
  t.regex(first.headers.get('X-Event-Position') ?? '', /^\d+$/);
  const second = await bed.call('POST', '/register', {
    json: {
      email: 'Second@Example.com',
      password,
      first_name: 'Ada',
      nickname: 'ignored_nick',
      role: 'ADMIN',
    },
  });
  t.is(second.status, 200);
  t.like(second.body, {
    email: 'second@example.com',
    role: 'ANONYMOUS',
    first_name: 'Ada',
    email_verified: false,
  });
  t.not(second.body.nickname, 'ignored_nick');
  t.false(JSON.stringify(second.body).includes('argon2'));
  t.deepEqual(
    second.body.links.map((link: { rel: string; method: string }) => `${link.rel} ${link.method}`),
    ['self GET', 'update PUT', 'delete DELETE'],
  );
});

test('a bad email, short password, bad nickname or bad role is a 422 naming the field', async (t) => {
  const bed = await httpTestbed(t);
  const cases = [
    { json: { email: 'not-an-email', password }, field: 'email' },
    { json: { email: 'a@example.com', password: 'short' }, field: 'password' },
    { json: { email: 'a@example.com', password, nickname: 'no spaces allowed' }, field: 'nickname' },
    { json: { email: 'a@example.com', password, role: 'SUPERUSER' }, field: 'role' },
    {
      json: { email: 'a@example.com', password, github_profile_url: 'ftp://example.com' },
      field: 'github_profile_url',
    },
    { json: { email: 'a@example.com', password, bio: 'x'.repeat(501) }, field: 'bio' },
  ];
  for (const { json, field } of cases) {
    const answer = await bed.call('POST', '/register/', { json });
    t.is(answer.status, 422, field);
    t.true(
      JSON.stringify(answer.body.detail).includes(field),
      `${field} not named in ${JSON.stringify(answer.body)}`,
    );
  }
});

test('a second registration of the same email, in any case, is a 409', async (t) => {
  const bed = await httpTestbed(t);
  await bed.call('POST', '/register/', { json: { email: 'taken@example.com', password } });
  const again = await bed.call('POST', '/register/', { json: { email: 'TAKEN@example.com', password } });
  t.is(again.status, 409);
  t.is(again.body.detail, 'Email already exists');
});

test('the emailed link verifies the address once; bad tokens and ids get the seed answers', async (t) => {
  const bed = await httpTestbed(t);
  await bed.call('POST', '/register/', { json: { email: 'admin@example.com', password } });
  const user = await bed.call('POST', '/register/', { json: { email: 'user@example.com', password } });
  const link = await verificationLink(bed, user.body.id);

  const wrong = await bed.call('GET', `/verify-email/${user.body.id}/not-the-token`);
  t.is(wrong.status, 400);
  t.is(wrong.body.detail, 'Invalid or expired verification token');
  const unknown = await bed.call('GET', `/verify-email/0b5c7a36-3a52-4b39-9b43-0d1f1d0b6a11/whatever`);
  t.is(unknown.status, 400);
  const malformed = await bed.call('GET', '/verify-email/not-a-uuid/whatever');
  t.is(malformed.status, 422);

  const verified = await bed.call('GET', link);
  t.is(verified.status, 200);
  t.deepEqual(verified.body, { message: 'Email verified successfully' });
  t.is((await bed.call('GET', link)).status, 200, 'the same link clicked again');
  const wrongOnceVerified = await bed.call('GET', `/verify-email/${user.body.id}/not-the-token`);
  t.is(wrongOnceVerified.status, 400, 'a bad token tells nothing about the account, verified or not');
  t.is(wrongOnceVerified.body.detail, 'Invalid or expired verification token');
});

test('login uses the OAuth2 password form and answers a bearer token', async (t) => {
  const bed = await httpTestbed(t);
  await bed.call('POST', '/register/', { json: { email: 'admin@example.com', password } });
  const login = await bed.call('POST', '/login/', { form: { username: 'ADMIN@example.com', password } });
  t.is(login.status, 200);
  t.is(login.body.token_type, 'bearer');
  const me = await bed.call('GET', '/me', { token: login.body.access_token });
  t.is(me.status, 200);
  t.is(me.body.email, 'admin@example.com');
  // RFC 6749 §5.1 for the token; personal data for the account: no cache may keep either.
  for (const answer of [login, me]) {
    t.is(answer.headers.get('Cache-Control'), 'no-store');
    t.is(answer.headers.get('Pragma'), 'no-cache');
    t.is(answer.headers.get('X-Content-Type-Options'), 'nosniff');
    t.is(answer.headers.get('Referrer-Policy'), 'no-referrer');
  }
});

test('unknown email, wrong password and unverified account all answer the same 401', async (t) => {
  const bed = await httpTestbed(t);
  await bed.call('POST', '/register/', { json: { email: 'admin@example.com', password } });
  await bed.call('POST', '/register/', { json: { email: 'unverified@example.com', password } });
  const answers = await Promise.all([
    bed.call('POST', '/login/', { form: { username: 'nobody@example.com', password } }),
    bed.call('POST', '/login/', { form: { username: 'admin@example.com', password: 'wrong password' } }),
    bed.call('POST', '/login/', { form: { username: 'unverified@example.com', password } }),
  ]);
  for (const answer of answers) {
    t.is(answer.status, 401);
    t.is(answer.body.detail, 'Incorrect email or password.');
    t.is(answer.headers.get('WWW-Authenticate'), 'Bearer');
  }
});

test('five wrong passwords lock the account: 400 with the seed message, and an admin unlock lets the user in', async (t) => {
  const bed = await httpTestbed(t);
  await bed.call('POST', '/register/', { json: { email: 'admin@example.com', password } });
  const admin = (await bed.call('POST', '/login/', { form: { username: 'admin@example.com', password } }))
    .body.access_token as string;
  const user = await bed.call('POST', '/register/', { json: { email: 'user@example.com', password } });
  await bed.call('GET', await verificationLink(bed, user.body.id));
  const statuses: number[] = [];
  for (let attempt = 0; attempt < 5; attempt += 1) {
    statuses.push(
      (await bed.call('POST', '/login/', { form: { username: 'user@example.com', password: 'nope-nope' } }))
        .status,
    );
  }
  t.deepEqual(statuses, [401, 401, 401, 401, 400]);
  const locked = await bed.call('POST', '/login/', { form: { username: 'user@example.com', password } });
  t.is(locked.status, 400);
  t.is(locked.body.detail, 'Account locked due to too many failed login attempts.');
  const seen = await bed.call('GET', `/users/${user.body.id}`, { token: admin });
  t.like(seen.body, { is_locked: true, locked_until: null }, 'no end: only an admin or a reset unlocks');

  const unlocked = await bed.call('POST', `/users/${user.body.id}/unlock`, { token: admin });
  t.is(unlocked.status, 200);
  t.like(unlocked.body, { is_locked: false, locked_until: null });
  t.is((await bed.call('POST', '/login/', { form: { username: 'user@example.com', password } })).status, 200);
});

test('with ACCOUNT_LOCK_MINUTES, staff see when the lock lifts by itself', async (t) => {
  const bed = await httpTestbed(t, { ACCOUNT_LOCK_MINUTES: '15' });
  await bed.call('POST', '/register/', { json: { email: 'admin@example.com', password } });
  const admin = (await bed.call('POST', '/login/', { form: { username: 'admin@example.com', password } }))
    .body.access_token as string;
  const user = await bed.call('POST', '/register/', { json: { email: 'user@example.com', password } });
  await bed.call('GET', await verificationLink(bed, user.body.id));
  const before = Date.now();
  for (let attempt = 0; attempt < 5; attempt += 1) {
    await bed.call('POST', '/login/', { form: { username: 'user@example.com', password: 'nope-nope' } });
  }

  const seen = await bed.call('GET', `/users/${user.body.id}`, { token: admin });
  t.is(seen.body.is_locked, true);
  const lifts = Date.parse(seen.body.locked_until);
  t.true(lifts >= before + 15 * 60_000 && lifts <= Date.now() + 15 * 60_000, seen.body.locked_until);
});

test('resend and reset requests answer the same whether or not the address has an account', async (t) => {
  const bed = await httpTestbed(t);
  await bed.call('POST', '/register/', { json: { email: 'admin@example.com', password } });
  await bed.call('POST', '/register/', { json: { email: 'user@example.com', password } });
  for (const path of ['/verify-email/resend', '/password-reset/request']) {
    const known = await bed.call('POST', path, { json: { email: 'user@example.com' } });
    const unknown = await bed.call('POST', path, { json: { email: 'ghost@example.com' } });
    t.is(known.status, unknown.status);
    t.deepEqual(known.body, unknown.body);
  }
});

test('an address without an account locks after the same number of failures, so answers reveal nothing', async (t) => {
  const bed = await httpTestbed(t);
  await bed.call('POST', '/register/', { json: { email: 'admin@example.com', password } });
  const attempt = async () =>
    (await bed.call('POST', '/login/', { form: { username: 'ghost@example.com', password: 'nope-nope' } }))
      .status;
  const statuses: number[] = [];
  for (let index = 0; index < 6; index += 1) statuses.push(await attempt());
  t.deepEqual(statuses, [401, 401, 401, 401, 400, 400]);
  const answer = await bed.call('POST', '/login/', { form: { username: 'GHOST@example.com', password } });
  t.is(answer.body.detail, 'Account locked due to too many failed login attempts.');
});

test('with REDIS_URL, instances of the API share one limit per client', async (t) => {
  const shared = {
    RATE_LIMIT_PER_MINUTE: '3',
    REDIS_URL: process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    RATE_LIMIT_REDIS_PREFIX: `test-${randomUUID()}`,
  };
  const [one, other] = [await httpTestbed(t, shared), await httpTestbed(t, shared)];
  const request = (bed: HttpTestbed) =>
    bed.call('POST', '/password-reset/request', { json: { email: 'a@example.com' } });
  const statuses = [];
  for (const bed of [one, other, one, other]) statuses.push((await request(bed)).status);
  t.deepEqual(statuses, [200, 200, 200, 429]);
});

test('login, register, resend and reset are rate-limited per client IP with Retry-After', async (t) => {
  const bed = await httpTestbed(t, { RATE_LIMIT_PER_MINUTE: '3' });
  const statuses: number[] = [];
  for (let index = 0; index < 4; index += 1) {
    statuses.push(
      (await bed.call('POST', '/password-reset/request', { json: { email: 'a@example.com' } })).status,
    );
  }
  t.deepEqual(statuses, [200, 200, 200, 429]);
  const limited = await bed.call('POST', '/password-reset/request', { json: { email: 'a@example.com' } });
  t.regex(limited.headers.get('Retry-After') ?? '', /^\d+$/);
  t.is((await bed.call('POST', '/login/', { form: { username: 'a@example.com', password } })).status, 401);
});
