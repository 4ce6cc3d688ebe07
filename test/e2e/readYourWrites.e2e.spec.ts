import test from 'ava';
import { httpTestbed } from '../support/httpTestbed.js';

const password = 'correct horse battery';

test('a client that sends nothing special reads its own writes at once', async (t) => {
  const bed = await httpTestbed(t);
  await bed.call('POST', '/register/', { json: { email: 'admin@example.com', password } });
  const token = (await bed.call('POST', '/login/', { form: { username: 'admin@example.com', password } }))
    .body.access_token as string;
  for (let round = 0; round < 10; round += 1) {
    const email = `user${round}@example.com`;
    const created = await bed.call('POST', '/register/', { json: { email, password } });
    const read = await bed.call('GET', `/users/${created.body.id}`, { token });
    t.is(read.status, 200);
    await bed.call('PUT', `/users/${created.body.id}`, { token, json: { bio: `bio ${round}` } });
    const listed = await bed.call('GET', '/users/?limit=100', { token });
    t.is(listed.body.items.find((item: { email: string }) => item.email === email)?.bio, `bio ${round}`);
  }
});

test('a client may send back X-Event-Position to wait for exactly that write; a bad one is a 422', async (t) => {
  const bed = await httpTestbed(t);
  const admin = await bed.call('POST', '/register/', { json: { email: 'admin@example.com', password } });
  const token = (await bed.call('POST', '/login/', { form: { username: 'admin@example.com', password } }))
    .body.access_token as string;
  const updated = await bed.call('PUT', `/users/${admin.body.id}`, { token, json: { first_name: 'Ada' } });
  const position = updated.headers.get('X-Event-Position')!;
  const read = await bed.call('GET', `/users/${admin.body.id}`, {
    token,
    headers: { 'X-Event-Position': position },
  });
  t.is(read.body.first_name, 'Ada');
  const bad = await bed.call('GET', `/users/${admin.body.id}`, {
    token,
    headers: { 'X-Event-Position': 'soon' },
  });
  t.is(bad.status, 422);
});

test('a position the read model cannot reach in time answers 503 with Retry-After', async (t) => {
  // Short, yet long enough for the registration's own read under a loaded test run: it waits too.
  const bed = await httpTestbed(t, { QUERY_CONSISTENCY_TIMEOUT_MS: '1500' });
  const admin = await bed.call('POST', '/register/', { json: { email: 'admin@example.com', password } });
  const token = (await bed.call('POST', '/login/', { form: { username: 'admin@example.com', password } }))
    .body.access_token as string;
  // A write the read model will not apply: the projector is stopped first. (The write's own answer
  // waits for it too, in vain; what matters here is that the write is committed.)
  await bed.app.projector!.stop();
  await bed.call('PUT', `/users/${admin.body.id}`, { token, json: { bio: 'never projected' } });
  const committed = (await bed.app.infra.store.lastCommittedPosition()).toString();
  const answer = await bed.call('GET', `/users/${admin.body.id}`, {
    token,
    headers: { 'X-Event-Position': committed },
  });
  t.is(answer.status, 503);
  t.is(answer.headers.get('Retry-After'), '1');
});

test('a position beyond every committed event is refused at once with a 422, not waited for', async (t) => {
  const bed = await httpTestbed(t);
  const admin = await bed.call('POST', '/register/', { json: { email: 'admin@example.com', password } });
  const token = (await bed.call('POST', '/login/', { form: { username: 'admin@example.com', password } }))
    .body.access_token as string;
  const ahead = (BigInt(admin.headers.get('X-Event-Position')!) + 1_000_000_000n).toString();
  for (const position of [ahead, '9223372036854775807', '9223372036854775808', '99999999999999999999']) {
    const started = Date.now();
    const answer = await bed.call('GET', `/users/${admin.body.id}`, {
      token,
      headers: { 'X-Event-Position': position },
    });
    t.is(answer.status, 422, position);
    t.true(Date.now() - started < 1_000, 'no wait for the read-your-writes timeout');
  }
});
