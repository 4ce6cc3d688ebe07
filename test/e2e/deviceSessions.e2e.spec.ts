import { randomUUID } from 'node:crypto';
import test from 'ava';
import { userStream } from '../../src/domain/index.js';
import type { HttpTestbed } from '../support/httpTestbed.js';
import { httpTestbed } from '../support/httpTestbed.js';

const password = 'correct horse battery';
type Session = { id: string; current: boolean; last_refreshed_at: string | null };

async function signUp(bed: HttpTestbed) {
  return (await bed.call('POST', '/register/', { json: { email: 'me@example.com', password } })).body
    .id as string;
}

/** A sign-in from one device: its tokens, and its session's id as the list shows it to that device. */
async function device(bed: HttpTestbed, { staysSignedIn }: { staysSignedIn: boolean }) {
  const form = { username: 'me@example.com', password, ...(staysSignedIn && { scope: 'offline_access' }) };
  const tokens = (await bed.call('POST', '/login/', { form })).body;
  const listed = await sessions(bed, tokens.access_token);
  return { ...tokens, sessionId: listed.find((session) => session.current)!.id } as {
    access_token: string;
    refresh_token?: string;
    sessionId: string;
  };
}

const sessions = async (bed: HttpTestbed, token: string): Promise<Session[]> =>
  (await bed.call('GET', '/me/sessions', { token })).body;
const signedIn = async (bed: HttpTestbed, token: string) =>
  (await bed.call('GET', '/me', { token })).status === 200;
const refresh = (bed: HttpTestbed, token: string) =>
  bed.call('POST', '/token/refresh', { form: { grant_type: 'refresh_token', refresh_token: token } });

test('each sign-in is a session of its own; the list shows those that stay signed in and the asking one', async (t) => {
  const bed = await httpTestbed(t);
  await signUp(bed);
  const phone = await device(bed, { staysSignedIn: true });
  const laptop = await device(bed, { staysSignedIn: true });
  const browser = await device(bed, { staysSignedIn: false });

  t.deepEqual(
    (await sessions(bed, laptop.access_token)).map(({ id, current }) => ({ id, current })),
    [
      { id: phone.sessionId, current: false },
      { id: laptop.sessionId, current: true },
    ],
  );
  const seenFromTheBrowser = await sessions(bed, browser.access_token);
  t.deepEqual(
    seenFromTheBrowser.map(({ id }) => id),
    [phone.sessionId, laptop.sessionId, browser.sessionId],
  );
  t.is(seenFromTheBrowser.at(-1)!.last_refreshed_at, null, 'it has no refresh token');

  const refreshed = (await refresh(bed, phone.refresh_token!)).body;
  const phoneAfter = (await sessions(bed, refreshed.access_token)).find((session) => session.current)!;
  t.is(phoneAfter.id, phone.sessionId, 'a refresh goes on with its session');
});

test('signing one session out ends its access and refresh tokens and leaves the others signed in', async (t) => {
  const bed = await httpTestbed(t);
  const userId = await signUp(bed);
  const phone = await device(bed, { staysSignedIn: true });
  const laptop = await device(bed, { staysSignedIn: true });

  const ended = await bed.call('DELETE', `/me/sessions/${phone.sessionId.toUpperCase()}`, {
    token: laptop.access_token,
  });

  t.is(ended.status, 204);
  t.false(await signedIn(bed, phone.access_token));
  t.is((await refresh(bed, phone.refresh_token!)).status, 400);
  t.true(await signedIn(bed, laptop.access_token));
  t.deepEqual(
    (await sessions(bed, laptop.access_token)).map(({ id }) => id),
    [laptop.sessionId],
  );
  const events = await bed.app.infra.store.readStream(userStream(userId));
  t.like(events.at(-1), { type: 'SessionEnded', data: { sessionId: phone.sessionId, reason: 'sign-out' } });
  t.is((await refresh(bed, laptop.refresh_token!)).status, 200);
});

test('`current` signs out the session asking, even one without a refresh token', async (t) => {
  const bed = await httpTestbed(t);
  await signUp(bed);
  const browser = await device(bed, { staysSignedIn: false });
  const phone = await device(bed, { staysSignedIn: true });

  t.is((await bed.call('DELETE', '/me/sessions/current', { token: browser.access_token })).status, 204);

  t.false(await signedIn(bed, browser.access_token));
  t.true(await signedIn(bed, phone.access_token));
});

test('signing out everywhere forgets the sessions signed out one by one, and ends them all', async (t) => {
  const bed = await httpTestbed(t);
  await signUp(bed);
  const phone = await device(bed, { staysSignedIn: true });
  const laptop = await device(bed, { staysSignedIn: true });
  await bed.call('DELETE', `/me/sessions/${phone.sessionId}`, { token: laptop.access_token });

  t.is((await bed.call('POST', '/me/logout', { token: laptop.access_token })).status, 204);

  t.false(await signedIn(bed, laptop.access_token));
  t.false(await signedIn(bed, phone.access_token));
  const fresh = await device(bed, { staysSignedIn: false });
  t.deepEqual(
    (await sessions(bed, fresh.access_token)).map(({ id }) => id),
    [fresh.sessionId],
  );
});

test("another account's session, or one that is no more, is not found; what is no session id is a 422", async (t) => {
  const bed = await httpTestbed(t);
  await signUp(bed);
  const laptop = await device(bed, { staysSignedIn: true });
  const phone = await device(bed, { staysSignedIn: true });
  await bed.call('DELETE', `/me/sessions/${phone.sessionId}`, { token: laptop.access_token });
  const json = { email: 'other@example.com', password, email_verified: true };
  await bed.call('POST', '/users/', { token: laptop.access_token, json });
  const form = { username: 'other@example.com', password, scope: 'offline_access' };
  const other = (await bed.call('POST', '/login/', { form })).body;
  const othersSession = (await sessions(bed, other.access_token))[0]!.id;

  for (const id of [randomUUID(), phone.sessionId, othersSession]) {
    const answer = await bed.call('DELETE', `/me/sessions/${id}`, { token: laptop.access_token });
    t.is(answer.status, 404, id);
    t.is(answer.body.detail, 'Session not found');
  }
  t.true(await signedIn(bed, other.access_token));
  t.is((await refresh(bed, other.refresh_token)).status, 200);
  const malformed = await bed.call('DELETE', '/me/sessions/phone', { token: laptop.access_token });
  t.is(malformed.status, 422);
  t.true(await signedIn(bed, laptop.access_token));
});
