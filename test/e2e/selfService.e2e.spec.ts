import test from 'ava';
import jwt from 'jsonwebtoken';
import { ERASED, userStream } from '../../src/domain/index.js';
import type { HttpTestbed } from '../support/httpTestbed.js';
import { httpTestbed } from '../support/httpTestbed.js';

const password = 'correct horse battery';

/** The token the newest link of this purpose carries, recomputed from the event as the mailer does. */
async function latestLink(
  bed: HttpTestbed,
  userId: string,
  type: 'EmailVerificationRequested' | 'PasswordResetRequested',
) {
  const events = await bed.app.infra.store.readStream(userStream(userId));
  const requested = events.findLast((event) => event.type === type);
  const purpose = type === 'EmailVerificationRequested' ? 'verify-email' : 'reset-password';
  return bed.linkToken(purpose, userId, new Date(String(requested!.data['expiresAt'])));
}

async function signedIn(bed: HttpTestbed, email: string) {
  const answer = await bed.call('POST', '/login/', { form: { username: email, password } });
  return answer.body.access_token as string;
}

test('PATCH /me changes only the fields sent, refuses a role, and honours If-Match', async (t) => {
  const bed = await httpTestbed(t);
  await bed.call('POST', '/register/', { json: { email: 'me@example.com', password } });
  const token = await signedIn(bed, 'me@example.com');
  const before = await bed.call('GET', '/me', { token });
  const updated = await bed.call('PATCH', '/me', {
    token,
    json: { bio: 'Hello', github_profile_url: 'https://github.com/me' },
    headers: { 'If-Match': before.headers.get('ETag')! },
  });
  t.is(updated.status, 200);
  t.like(updated.body, {
    bio: 'Hello',
    github_profile_url: 'https://github.com/me',
    email: 'me@example.com',
  });
  t.is((await bed.call('PATCH', '/me', { token, json: { role: 'ADMIN' } })).status, 422);
  t.is((await bed.call('PATCH', '/me', { token, json: {} })).status, 422);
  const stale = await bed.call('PATCH', '/me', {
    token,
    json: { bio: 'Again' },
    headers: { 'If-Match': before.headers.get('ETag')! },
  });
  t.is(stale.status, 412);
});

test('text with a NUL or another control character is a 422 naming the field, and nothing is recorded', async (t) => {
  const bed = await httpTestbed(t);
  await bed.call('POST', '/register/', { json: { email: 'me@example.com', password } });
  const token = await signedIn(bed, 'me@example.com');
  const refusals: [string, string, Record<string, string>][] = [
    ['PATCH', '/me', { first_name: 'Ada\u0000' }],
    ['PATCH', '/me', { bio: 'ring \u0007 the bell' }],
    ['PATCH', '/me', { github_profile_url: 'https://github.com/a da' }],
    ['POST', '/register/', { email: 'other@example.com', password, last_name: 'Love\u001b[2Jlace' }],
  ];
  for (const [method, path, json] of refusals) {
    const answer = await bed.call(method, path, { token, json });
    const field = Object.keys(json).at(-1)!;
    t.is(answer.status, 422, field);
    t.deepEqual(answer.body.detail[0].loc, ['body', field]);
  }
  // A NUL once recorded stopped the read model, which cannot store one, and so every read after it.
  const after = await bed.call('PATCH', '/me', { token, json: { bio: 'Line one\n\tLine two' } });
  t.is(after.status, 200);
  t.is(after.body.bio, 'Line one\n\tLine two');
  const events = await bed.app.infra.store.readStream(userStream(after.body.id));
  t.is(events.filter((event) => event.type === 'ProfileUpdated').length, 1);
});

test('POST /me/password needs the current password, and the new one works afterwards', async (t) => {
  const bed = await httpTestbed(t);
  await bed.call('POST', '/register/', { json: { email: 'me@example.com', password } });
  const token = await signedIn(bed, 'me@example.com');
  const wrong = await bed.call('POST', '/me/password', {
    token,
    json: { current_password: 'not my password', new_password: 'a new long password' },
  });
  t.is(wrong.status, 400);
  const changed = await bed.call('POST', '/me/password', {
    token,
    json: { current_password: password, new_password: 'a new long password' },
  });
  t.is(changed.status, 200);
  const login = await bed.call('POST', '/login/', {
    form: { username: 'me@example.com', password: 'a new long password' },
  });
  t.is(login.status, 200);
});

test('a resent verification link replaces the old one, which stops working', async (t) => {
  const bed = await httpTestbed(t);
  await bed.call('POST', '/register/', { json: { email: 'admin@example.com', password } });
  const user = await bed.call('POST', '/register/', { json: { email: 'user@example.com', password } });
  const first = await latestLink(bed, user.body.id, 'EmailVerificationRequested');
  await bed.call('POST', '/verify-email/resend', { json: { email: 'user@example.com' } });
  const second = await latestLink(bed, user.body.id, 'EmailVerificationRequested');
  t.not(first, second);
  t.is((await bed.call('GET', `/verify-email/${user.body.id}/${first}`)).status, 400);
  t.is((await bed.call('GET', `/verify-email/${user.body.id}/${second}`)).status, 200);
});

test('a password reset link sets a new password once and unlocks a locked account', async (t) => {
  const bed = await httpTestbed(t, { MAX_LOGIN_ATTEMPTS: '2' });
  await bed.call('POST', '/register/', { json: { email: 'admin@example.com', password } });
  for (const attempt of ['wrong one', 'wrong two']) {
    await bed.call('POST', '/login/', { form: { username: 'admin@example.com', password: attempt } });
  }
  t.is(
    (await bed.call('POST', '/login/', { form: { username: 'admin@example.com', password } })).status,
    400,
  );
  await bed.call('POST', '/password-reset/request', { json: { email: 'admin@example.com' } });
  const admin = (await bed.app.services.queries.listUsers({ skip: 0, limit: 1 })).items[0]!;
  const token = await latestLink(bed, admin.id, 'PasswordResetRequested');
  const confirm = { user_id: admin.id, token, new_password: 'brand new secret' };
  t.is((await bed.call('POST', '/password-reset/confirm', { json: confirm })).status, 200);
  t.is((await bed.call('POST', '/password-reset/confirm', { json: confirm })).status, 400);
  const login = await bed.call('POST', '/login/', {
    form: { username: 'admin@example.com', password: 'brand new secret' },
  });
  t.is(login.status, 200);
});

test('POST /users with the same Idempotency-Key twice creates one account', async (t) => {
  const bed = await httpTestbed(t);
  await bed.call('POST', '/register/', { json: { email: 'admin@example.com', password } });
  const token = await signedIn(bed, 'admin@example.com');
  const request = {
    token,
    json: { email: 'once@example.com', password },
    headers: { 'Idempotency-Key': 'create-1' },
  };
  const first = await bed.call('POST', '/users/', request);
  const second = await bed.call('POST', '/users/', request);
  t.is(first.status, 201);
  t.is(second.body.id, first.body.id);
  t.is((await bed.call('GET', '/users/', { token })).body.total, 2);
});

test('POST /me/logout signs the account out everywhere; signing in again works', async (t) => {
  const bed = await httpTestbed(t);
  await bed.call('POST', '/register/', { json: { email: 'me@example.com', password } });
  const laptop = await signedIn(bed, 'me@example.com');
  const phone = await signedIn(bed, 'me@example.com');

  const out = await bed.call('POST', '/me/logout', { token: laptop });

  t.is(out.status, 204);
  for (const token of [laptop, phone]) {
    const refused = await bed.call('GET', '/me', { token });
    t.is(refused.status, 401);
    t.is(refused.body.detail, 'Could not validate credentials');
  }
  const again = await signedIn(bed, 'me@example.com');
  t.is((await bed.call('GET', '/me', { token: again })).status, 200);
});

test('a password changed or reset ends every session, including the one that changed it', async (t) => {
  const bed = await httpTestbed(t);
  await bed.call('POST', '/register/', { json: { email: 'me@example.com', password } });
  const changer = await signedIn(bed, 'me@example.com');
  const elsewhere = await signedIn(bed, 'me@example.com');
  const newPassword = 'a new long password';

  await bed.call('POST', '/me/password', {
    token: changer,
    json: { current_password: password, new_password: newPassword },
  });

  t.is((await bed.call('GET', '/me', { token: changer })).status, 401);
  t.is((await bed.call('GET', '/me', { token: elsewhere })).status, 401);
  const login = async (secret: string) =>
    (await bed.call('POST', '/login/', { form: { username: 'me@example.com', password: secret } })).body
      .access_token as string;
  const afterChange = await login(newPassword);
  t.is((await bed.call('GET', '/me', { token: afterChange })).status, 200);

  const me = (await bed.call('GET', '/me', { token: afterChange })).body;
  await bed.call('POST', '/password-reset/request', { json: { email: 'me@example.com' } });
  const token = await latestLink(bed, me.id, 'PasswordResetRequested');
  const reset = { user_id: me.id, token, new_password: 'yet another password' };
  t.is((await bed.call('POST', '/password-reset/confirm', { json: reset })).status, 200);
  t.is((await bed.call('GET', '/me', { token: afterChange })).status, 401);
  t.is((await bed.call('GET', '/me', { token: await login('yet another password') })).status, 200);
});

test('a token issued before session generations existed works until the account is signed out', async (t) => {
  const bed = await httpTestbed(t);
  const me = (await bed.call('POST', '/register/', { json: { email: 'me@example.com', password } })).body;
  const earlier = jwt.sign({ role: 'ADMIN' }, bed.app.infra.secrets.jwtSecret, {
    algorithm: 'HS256',
    subject: me.id,
    expiresIn: 60,
    jwtid: 'issued-by-an-earlier-release',
  });
  t.is((await bed.call('GET', '/me', { token: earlier })).status, 200);

  await bed.call('POST', '/me/logout', { token: earlier });

  t.is((await bed.call('GET', '/me', { token: earlier })).status, 401);
});

test('after the JWT secret is rotated, tokens signed with the previous one work; others do not', async (t) => {
  const previousSecret = 'the-secret-before-the-rotation-0123456789';
  const bed = await httpTestbed(t, { JWT_PREVIOUS_SECRET_KEY: previousSecret });
  const me = (await bed.call('POST', '/register/', { json: { email: 'me@example.com', password } })).body;
  const signedWith = (secret: string) =>
    jwt.sign({ role: 'ADMIN', sgen: 0 }, secret, {
      algorithm: 'HS256',
      subject: me.id,
      expiresIn: 60,
      jwtid: 'j',
    });
  t.is((await bed.call('GET', '/me', { token: signedWith(previousSecret) })).status, 200);
  t.is((await bed.call('GET', '/me', { token: signedWith(bed.app.infra.secrets.jwtSecret) })).status, 200);
  t.is((await bed.call('GET', '/me', { token: signedWith(`${previousSecret}-not-ours`) })).status, 401);
});

test('a password that is the account’s own address or name is a 422; a reset says so only to the link’s holder', async (t) => {
  const bed = await httpTestbed(t);
  const ownAddress = await bed.call('POST', '/register/', {
    json: { email: 'Grace.Hopper@example.com', password: 'grace.hopper@example.com' },
  });
  t.is(ownAddress.status, 422);
  t.deepEqual(ownAddress.body.detail[0].loc, ['body', 'password']);

  const me = (await bed.call('POST', '/register/', { json: { email: 'grace.hopper@example.com', password } }))
    .body;
  const token = await signedIn(bed, 'grace.hopper@example.com');
  const change = await bed.call('POST', '/me/password', {
    token,
    json: { current_password: password, new_password: 'Grace.Hopper' },
  });
  t.is(change.status, 422);
  t.deepEqual(change.body.detail[0].loc, ['body', 'new_password']);

  await bed.call('POST', '/password-reset/request', { json: { email: 'grace.hopper@example.com' } });
  const guess = { user_id: me.id, token: 'not-the-link', new_password: 'grace.hopper@example.com' };
  t.is(
    (await bed.call('POST', '/password-reset/confirm', { json: guess })).status,
    400,
    'no address confirmed',
  );
  const link = await latestLink(bed, me.id, 'PasswordResetRequested');
  const withLink = { user_id: me.id, token: link, new_password: 'grace.hopper@example.com' };
  t.is((await bed.call('POST', '/password-reset/confirm', { json: withLink })).status, 422);
  t.is(
    (
      await bed.call('POST', '/password-reset/confirm', {
        json: { ...withLink, new_password: 'a fine new secret' },
      })
    ).status,
    200,
  );
});

test('POST /me/close with the current password deletes and erases the account, and frees its address', async (t) => {
  const bed = await httpTestbed(t);
  await bed.call('POST', '/register/', { json: { email: 'admin@example.com', password } });
  const me = await bed.call('POST', '/register/', {
    json: { email: 'me@example.com', password, first_name: 'Ada' },
  });
  const link = await latestLink(bed, me.body.id, 'EmailVerificationRequested');
  await bed.call('GET', `/verify-email/${me.body.id}/${link}`);
  const token = await signedIn(bed, 'me@example.com');

  const wrong = await bed.call('POST', '/me/close', { token, json: { password: 'not my password' } });
  t.is(wrong.status, 400);
  t.is(wrong.body.detail, 'Incorrect password');
  t.is((await bed.call('POST', '/me/close', { token, json: {} })).status, 422);
  t.is((await bed.call('GET', '/me', { token })).status, 200, 'a refused closure changes nothing');

  const closed = await bed.call('POST', '/me/close', { token, json: { password } });
  t.is(closed.status, 204);
  t.regex(closed.headers.get('X-Event-Position') ?? '', /^[0-9]+$/);
  t.is((await bed.call('GET', '/me', { token })).status, 401, 'the session has ended');
  const login = await bed.call('POST', '/login/', { form: { username: 'me@example.com', password } });
  t.is(login.status, 401);

  const history = await bed.app.infra.codec.decodeAll(
    await bed.app.infra.store.readStream(userStream(me.body.id)),
  );
  t.deepEqual(history.map((event) => event.type).slice(-2), ['UserDeleted', 'PersonalDataErased']);
  t.is(history[0]!.data['firstName'], ERASED, 'the personal data of its whole history is erased');
  const again = await bed.call('POST', '/register/', { json: { email: 'me@example.com', password } });
  t.is(again.status, 200, 'the address is free again');
  t.not(again.body.id, me.body.id);
});

test('the last ADMIN cannot close their account', async (t) => {
  const bed = await httpTestbed(t);
  await bed.call('POST', '/register/', { json: { email: 'admin@example.com', password } });
  const token = await signedIn(bed, 'admin@example.com');

  const refused = await bed.call('POST', '/me/close', { token, json: { password } });
  t.is(refused.status, 409);
  t.is((await bed.call('GET', '/me', { token })).status, 200);
});

test('guesses at the current password are rate-limited per client IP, password change and closure together', async (t) => {
  const bed = await httpTestbed(t, { RATE_LIMIT_PER_MINUTE: '3' });
  await bed.call('POST', '/register/', { json: { email: 'me@example.com', password } });
  const token = await signedIn(bed, 'me@example.com');
  const guess = { current_password: 'a guess', new_password: 'another horse battery' };

  const statuses = [
    (await bed.call('POST', '/me/password', { token, json: guess })).status,
    (await bed.call('POST', '/me/close', { token, json: { password: 'a guess' } })).status,
    (await bed.call('POST', '/me/password', { token, json: guess })).status,
    (await bed.call('POST', '/me/close', { token, json: { password } })).status,
  ];
  t.deepEqual(statuses, [400, 400, 400, 429]);
  t.is((await bed.call('GET', '/me', { token })).status, 200, 'the limited closure did not happen');
});
