import { randomBytes, randomUUID } from 'node:crypto';
import test from 'ava';
import type { ExecutionContext } from 'ava';
import { userStream } from '../domain/index.js';
import type { HttpTestbed, TestbedOptions } from '../../test/support/httpTestbed.js';
import { httpTestbed } from '../../test/support/httpTestbed.js';
import { readWholeFeed } from '../../test/support/eventFeedPages.js';
import type { FeedEnvelope } from '../../test/support/serverSentEvents.js';
import { firstMessageWhere, openEventStream } from '../../test/support/serverSentEvents.js';
import { feedTokenEntry, mintFeedToken } from './feedTokens.js';
import openApiDocument from './generated/openapi.json' with { type: 'json' };

const password = 'correct horse battery';

type Operation = { security?: object[] };
const paths: Record<string, Record<string, Operation>> = openApiDocument.paths;
const operations = Object.entries(paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ method, path, operation })),
);

/** The service with two feed tokens configured; the one for `analytics` is the one the tests present. */
async function feedTokenTestbed(t: ExecutionContext, options: TestbedOptions = {}) {
  const analytics = mintFeedToken(randomBytes);
  const billing = mintFeedToken(randomBytes);
  const bed = await httpTestbed(
    t,
    { EVENT_FEED_TOKENS: `${feedTokenEntry('analytics', analytics)},${feedTokenEntry('billing', billing)}` },
    options,
  );
  return { bed, serviceToken: analytics };
}

/** An ADMIN (the first account) and a verified MANAGER, signed in. */
async function population(bed: HttpTestbed) {
  const register = async (email: string) =>
    (await bed.call('POST', '/register/', { json: { email, password } })).body.id as string;
  const login = async (email: string) =>
    (await bed.call('POST', '/login/', { form: { username: email, password } })).body.access_token as string;
  await register('admin@example.com');
  const adminToken = await login('admin@example.com');
  const manager = await register('manager@example.com');
  const events = await bed.app.infra.store.readStream(userStream(manager));
  const requested = events.findLast((event) => event.type === 'EmailVerificationRequested')!;
  const expiresAt = new Date(String(requested.data['expiresAt']));
  await bed.call('GET', `/verify-email/${manager}/${bed.linkToken('verify-email', manager, expiresAt)}`);
  await bed.call('PUT', `/users/${manager}`, { token: adminToken, json: { role: 'MANAGER' } });
  return { adminToken, managerToken: await login('manager@example.com') };
}

const hasPersonalFields = (envelope: FeedEnvelope) =>
  'email' in envelope.data || 'clientIp' in envelope.metadata || 'userAgent' in envelope.metadata;

test('a service token reads the feed page by page, without the personal fields an ADMIN sees', async (t) => {
  const { bed, serviceToken } = await feedTokenTestbed(t);
  const { adminToken } = await population(bed);
  const asService = (await readWholeFeed(bed, serviceToken, 2)).flatMap((page) => page.events);
  const asAdmin = (await readWholeFeed(bed, adminToken, 2)).flatMap((page) => page.events);

  t.deepEqual(
    asService.map((envelope) => envelope.eventId),
    asAdmin.map((envelope) => envelope.eventId),
    'the same events, in the same order',
  );
  t.true(asService.some((envelope) => envelope.type === 'UserRegistered'));
  t.true(asAdmin.some(hasPersonalFields));
  t.false(asService.some(hasPersonalFields));
  t.false(JSON.stringify(asService).includes('@example.com'));
});

test('a service token follows the live tail, without personal fields', async (t) => {
  const { bed, serviceToken } = await feedTokenTestbed(t);
  const { response, close } = await openEventStream(t, bed.baseUrl, serviceToken, '0');

  const registered = await bed.call('POST', '/register/', { json: { email: 'late@example.com', password } });
  const message = await firstMessageWhere(response, (envelope) => envelope.type === 'UserRegistered');
  t.is(message.envelope.streamId, `user-${registered.body.id}`);
  t.false(hasPersonalFields(message.envelope));
  close();
});

test('an unknown, altered or unconfigured token is refused with 401 and a Bearer challenge', async (t) => {
  const { bed, serviceToken } = await feedTokenTestbed(t);
  const configuredHash = feedTokenEntry('analytics', serviceToken).slice('analytics:'.length);
  const refused = [
    mintFeedToken(randomBytes),
    `${serviceToken.slice(0, -2)}${serviceToken.endsWith('AA') ? 'BB' : 'AA'}`,
    configuredHash,
    'not-a-token',
  ];
  for (const path of ['/events', '/events/stream']) {
    for (const token of refused) {
      const answer = await bed.call('GET', path, { token });
      t.is(answer.status, 401, `${path} ${token}`);
      t.is(answer.body.detail, 'Could not validate credentials');
      t.is(answer.headers.get('www-authenticate'), 'Bearer');
    }
  }
});

test('the feed pages and the live tail are the only routes a service token opens', async (t) => {
  const { bed, serviceToken } = await feedTokenTestbed(t);
  const admitsFeedToken = (operation: Operation) =>
    operation.security?.some((scheme) => 'feedToken' in scheme) ?? false;
  const withFeedToken = operations.filter(({ operation }) => admitsFeedToken(operation));
  const otherProtected = operations.filter(
    ({ operation }) => (operation.security?.length ?? 0) > 0 && !admitsFeedToken(operation),
  );
  t.deepEqual(
    withFeedToken.map(({ method, path }) => `${method} ${path}`),
    ['get /events', 'get /events/stream'],
  );
  t.true(otherProtected.some(({ path }) => path === '/users'));
  t.true(otherProtected.some(({ path }) => path === '/me'));
  for (const { method, path } of otherProtected) {
    const answer = await bed.call(method.toUpperCase(), path.replace(/\{[^}]+\}/g, randomUUID()), {
      token: serviceToken,
    });
    t.is(answer.status, 401, `${method} ${path}`);
    t.is(answer.body.detail, 'Could not validate credentials', `${method} ${path}`);
  }
});

test('signed-in users get the answers they always got on the feed', async (t) => {
  const { bed } = await feedTokenTestbed(t);
  const { adminToken, managerToken } = await population(bed);
  for (const path of ['/events', '/events/stream?after=0']) {
    const none = await bed.call('GET', path);
    t.like(none, { status: 401, body: { detail: 'Not authenticated' } }, path);
    t.is(none.headers.get('www-authenticate'), 'Bearer');
    const badJwt = await bed.call('GET', path, { token: `${adminToken.slice(0, -2)}xx` });
    t.like(badJwt, { status: 401, body: { detail: 'Could not validate credentials' } }, path);
    const manager = await bed.call('GET', path, { token: managerToken });
    t.like(manager, { status: 403, body: { detail: 'Operation not permitted' } }, path);
  }
  t.is((await bed.call('GET', '/events', { token: adminToken })).status, 200);
});

test('a service token appears in no log line, not even the request log; the service it names does', async (t) => {
  const { bed, serviceToken } = await feedTokenTestbed(t, { productionLogging: true });
  t.is((await bed.call('GET', '/events?after=0', { token: serviceToken })).status, 200);
  t.is((await bed.call('GET', '/users/', { token: serviceToken })).status, 401);
  t.is((await bed.call('GET', '/events', { token: `${serviceToken}x` })).status, 401);

  const secret = serviceToken.slice('ulfeed_'.length);
  t.true(
    bed.logs.some((line) => line.includes('"url":"/events"')),
    'the requests were logged',
  );
  t.false(bed.logs.some((line) => line.includes(secret)));
  const requestLines = bed.logs.map(
    (line) => JSON.parse(line) as { req?: { url: string }; feedService?: string },
  );
  const feedRead = requestLines.find((line) => line.req?.url === '/events' && line.feedService !== undefined);
  t.is(feedRead?.feedService, 'analytics', 'who read the event log is on its request line');
  t.false(
    requestLines.some((line) => line.req?.url === '/users/' && line.feedService !== undefined),
    'a refused token names no service',
  );
});
