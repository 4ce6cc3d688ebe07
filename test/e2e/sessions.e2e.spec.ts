import test from 'ava';
import { userStream } from '../../src/domain/index.js';
import type { HttpTestbed } from '../support/httpTestbed.js';
import { httpTestbed } from '../support/httpTestbed.js';

const password = 'correct horse battery';

async function signUp(bed: HttpTestbed, email = 'me@example.com') {
  return (await bed.call('POST', '/register/', { json: { email, password } })).body.id as string;
}

async function signIn(bed: HttpTestbed, email = 'me@example.com', secret = password) {
  return bed.call('POST', '/login/', {
    form: { username: email, password: secret, scope: 'offline_access' },
  });
}

/** As an OAuth2 client library sends it. */
const refresh = (bed: HttpTestbed, token: string) =>
  bed.call('POST', '/token/refresh', {
    form: { grant_type: 'refresh_token', refresh_token: token, client_id: 'web', scope: 'offline_access' },
  });

test('a sign-in asking for offline_access gets a refresh token, which exchanges once for a new pair', async (t) => {
  const bed = await httpTestbed(t);
  await signUp(bed);
  const plain = (await bed.call('POST', '/login/', { form: { username: 'me@example.com', password } })).body;
  t.deepEqual(Object.keys(plain).sort(), ['access_token', 'expires_in', 'token_type'], 'none unless asked');
  const signedIn = (await signIn(bed)).body;
  t.like(signedIn, { token_type: 'bearer', expires_in: 30 * 60 });
  t.regex(signedIn.refresh_token, /^[A-Za-z0-9_-]{43}$/);

  const exchanged = await refresh(bed, signedIn.refresh_token);

  t.is(exchanged.status, 200);
  t.not(exchanged.body.refresh_token, signedIn.refresh_token);
  t.is((await bed.call('GET', '/me', { token: exchanged.body.access_token })).status, 200);
  const again = await bed.call('POST', '/token/refresh', {
    json: { refresh_token: exchanged.body.refresh_token },
  });
  t.is(again.status, 200, 'JSON works as well as the form');
  const spent = await refresh(bed, signedIn.refresh_token);
  t.is(spent.status, 400);
  t.is(spent.body.detail, 'Invalid or expired refresh token');
  t.is((await bed.call('GET', '/me', { token: again.body.access_token })).status, 200, 'a retry is no theft');
});

test('a spent refresh token used again signs the account out everywhere', async (t) => {
  const bed = await httpTestbed(t, { REFRESH_TOKEN_REUSE_LEEWAY_SECONDS: '0' });
  const userId = await signUp(bed);
  const stolen = (await signIn(bed)).body;
  const holder = (await refresh(bed, stolen.refresh_token)).body;

  const replayed = await refresh(bed, stolen.refresh_token);

  t.is(replayed.status, 400);
  t.is((await bed.call('GET', '/me', { token: holder.access_token })).status, 401);
  t.is((await refresh(bed, holder.refresh_token)).status, 400, 'the holder signs in again too');
  const events = await bed.app.infra.store.readStream(userStream(userId));
  t.like(events.at(-1), { type: 'SessionsRevoked', data: { reason: 'refresh-token-reuse' } });
  t.is((await signIn(bed)).status, 200);
});

test('signing out, or a password change, ends the refresh tokens too', async (t) => {
  const bed = await httpTestbed(t);
  await signUp(bed);
  const first = (await signIn(bed)).body;
  await bed.call('POST', '/me/logout', { token: first.access_token });
  t.is((await refresh(bed, first.refresh_token)).status, 400);

  const second = (await signIn(bed)).body;
  await bed.call('POST', '/me/password', {
    token: second.access_token,
    json: { current_password: password, new_password: 'a new long password' },
  });
  t.is((await refresh(bed, second.refresh_token)).status, 400);
});

test('a locked account cannot refresh', async (t) => {
  const bed = await httpTestbed(t, { MAX_LOGIN_ATTEMPTS: '2' });
  await signUp(bed);
  const signedIn = (await signIn(bed)).body;
  for (const wrong of ['wrong one', 'wrong two']) await signIn(bed, 'me@example.com', wrong);
  t.is((await signIn(bed)).status, 400, 'locked');

  t.is((await refresh(bed, signedIn.refresh_token)).status, 400);
});

test('a refresh without a token is a 422 naming the field', async (t) => {
  const bed = await httpTestbed(t);
  const answer = await bed.call('POST', '/token/refresh', { json: {} });
  t.is(answer.status, 422);
  t.deepEqual(
    answer.body.detail.map((error: { loc: string[] }) => error.loc.at(-1)),
    ['refresh_token'],
  );
});

test('a closed account cannot refresh', async (t) => {
  const bed = await httpTestbed(t);
  await signUp(bed, 'admin@example.com');
  const userId = await signUp(bed);
  const events = await bed.app.infra.store.readStream(userStream(userId));
  const requested = events.findLast((event) => event.type === 'EmailVerificationRequested')!;
  const link = bed.linkToken('verify-email', userId, new Date(String(requested.data['expiresAt'])));
  await bed.call('GET', `/verify-email/${userId}/${link}`);
  const signedIn = (await signIn(bed)).body;

  const closed = await bed.call('POST', '/me/close', { token: signedIn.access_token, json: { password } });

  t.is(closed.status, 204);
  t.is((await refresh(bed, signedIn.refresh_token)).status, 400);
});
