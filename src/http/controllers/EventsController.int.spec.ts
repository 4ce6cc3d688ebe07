import { readFile } from 'node:fs/promises';
import test from 'ava';
import type { ExecutionContext } from 'ava';
import { userStream } from '../../domain/index.js';
import type { EventFeedServices } from '../../eventFeed/index.js';
import { eventsThroughCommitted } from '../../infrastructure/eventStore/pagesThroughCommitted.js';
import { createEventFeed } from '../../eventFeed/index.js';
import type { Services } from '../../main.js';
import type { HttpTestbed } from '../../../test/support/httpTestbed.js';
import { httpTestbed } from '../../../test/support/httpTestbed.js';
import { readWholeFeed, storedPublishedEvents } from '../../../test/support/eventFeedPages.js';
import type { FeedEnvelope } from '../../../test/support/serverSentEvents.js';
import { firstMessageWhere, openEventStream } from '../../../test/support/serverSentEvents.js';

const password = 'correct horse battery';

/** The service on a fresh database, with the event feed in its services. */
async function feedTestbed(t: ExecutionContext): Promise<HttpTestbed> {
  const bed = await httpTestbed(t);
  const services = bed.app.services as Services & Partial<EventFeedServices>;
  // Until the composition root builds the feed itself, the spec attaches the same one.
  services.eventFeed ??= createEventFeed({ store: bed.app.infra.store, codec: bed.app.infra.codec });
  t.teardown(() => services.eventFeed!.close());
  return bed;
}

/** An ADMIN (the first account) and a verified AUTHENTICATED user, with tokens; plus a reset request. */
async function population(bed: HttpTestbed) {
  const register = async (email: string) =>
    (await bed.call('POST', '/register/', { json: { email, password } })).body.id as string;
  const login = async (email: string) =>
    (await bed.call('POST', '/login/', { form: { username: email, password } })).body.access_token as string;
  const admin = await register('admin@example.com');
  const user = await register('user@example.com');
  const events = await bed.app.infra.store.readStream(userStream(user));
  const requested = events.findLast((event) => event.type === 'EmailVerificationRequested')!;
  const expiresAt = new Date(String(requested.data['expiresAt']));
  await bed.call('GET', `/verify-email/${user}/${bed.linkToken('verify-email', user, expiresAt)}`);
  await bed.call('POST', '/password-reset/request', { json: { email: 'user@example.com' } });
  return {
    admin,
    user,
    adminToken: await login('admin@example.com'),
    userToken: await login('user@example.com'),
  };
}

test('the feed pages the user events in store order, and `next` continues exactly where a page ended', async (t) => {
  const bed = await feedTestbed(t);
  const { adminToken } = await population(bed);
  const pages = await readWholeFeed(bed, adminToken, 3);
  const envelopes = pages.flatMap((page) => page.events);
  const stored = await storedPublishedEvents(bed);
  const last = envelopes.at(-1)!.position;
  const afterLast = await bed.call('GET', `/events?after=${last}&limit=3`, { token: adminToken });

  t.deepEqual(
    envelopes.map((envelope) => envelope.eventId),
    stored.map((event) => event.eventId),
  );
  t.true(envelopes.every((envelope) => envelope.streamId.startsWith('user-')));
  t.true(pages.length >= stored.length / 3 && pages.every((page) => page.events.length <= 3));
  t.deepEqual(afterLast.body, { events: [], next: last }, 'an empty page keeps the position');
});

test('password hashes and token hashes never appear in the feed; an ADMIN sees personal fields', async (t) => {
  const bed = await feedTestbed(t);
  const { adminToken, user } = await population(bed);
  const raw = JSON.stringify(await readWholeFeed(bed, adminToken, 100));
  const stored = await eventsThroughCommitted(bed.app.infra.store, { after: 0n, limit: 1_000 });
  const tokenHashes = stored
    .map((event) => event.data['tokenHash'])
    .filter((hash) => typeof hash === 'string');

  t.false(raw.includes('$argon2id$'));
  t.true(tokenHashes.length >= 2, 'the population requested a verification and a reset');
  for (const hash of tokenHashes) t.false(raw.includes(hash as string));
  t.false(raw.includes('passwordHash') || raw.includes('tokenHash'));
  t.true(raw.includes('user@example.com'));
  t.true(raw.includes(user));
});

test('only an ADMIN reads the feed: 401 without a token, 403 for other roles', async (t) => {
  const bed = await feedTestbed(t);
  const { userToken } = await population(bed);
  for (const path of ['/events', '/events/stream']) {
    t.is((await bed.call('GET', path)).status, 401, path);
    t.is((await bed.call('GET', path, { token: userToken })).status, 403, path);
  }
});

test('an invalid or unknown `after` is answered 422, before any stream starts', async (t) => {
  const bed = await feedTestbed(t);
  const { adminToken: token } = await population(bed);
  const head = await bed.app.infra.store.lastCommittedPosition();
  const beyond = (head + 1_000n).toString();
  for (const path of [
    '/events?after=abc',
    '/events?after=-1',
    '/events?after=123456789012345678901234',
    `/events?after=${beyond}`,
    '/events?limit=0',
    '/events/stream?after=1.5',
    `/events/stream?after=${beyond}`,
  ]) {
    const answer = await bed.call('GET', path, { token });
    t.is(answer.status, 422, path);
    t.regex(answer.headers.get('content-type') ?? '', /json/, path);
  }
  const badResume = await bed.call('GET', '/events/stream', { token, headers: { 'Last-Event-ID': 'x' } });
  t.is(badResume.status, 422);
});

test('the live tail delivers, as Server-Sent Events, an event appended after connecting', async (t) => {
  const bed = await feedTestbed(t);
  const { adminToken } = await population(bed);
  const head = (await bed.app.infra.store.lastCommittedPosition()).toString();
  const { response, close } = await openEventStream(t, bed.baseUrl, adminToken, head);

  const registered = await bed.call('POST', '/register/', { json: { email: 'late@example.com', password } });
  const message = await firstMessageWhere(response, (envelope) => envelope.type === 'UserRegistered');
  t.is(message.envelope.streamId, `user-${registered.body.id}`);
  t.is(message.id, message.envelope.position, 'the SSE id is the position, for Last-Event-ID');
  close();
});

test('a long poll answers as soon as an event arrives', async (t) => {
  const bed = await feedTestbed(t);
  const { adminToken } = await population(bed);
  const head = (await bed.app.infra.store.lastCommittedPosition()).toString();
  const polling = bed.call('GET', `/events?after=${head}&wait=20`, { token: adminToken });
  const registered = await bed.call('POST', '/register/', { json: { email: 'late@example.com', password } });
  const answer = await polling;
  t.is(answer.status, 200);
  t.true(
    answer.body.events.some((envelope: FeedEnvelope) => envelope.streamId === `user-${registered.body.id}`),
  );
});

test('GET /events/schema serves the checked-in contract, to anyone', async (t) => {
  const bed = await feedTestbed(t);
  const checkedIn = new URL('../../../../docs/events/user-events.schema.json', import.meta.url);
  const answer = await bed.call('GET', '/events/schema');
  t.is(answer.status, 200);
  t.deepEqual(answer.body, JSON.parse(await readFile(checkedIn, 'utf8')));
});
