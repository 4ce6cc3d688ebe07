import test from 'ava';
import { userStream } from '../../src/domain/index.js';
import type { HttpTestbed } from '../support/httpTestbed.js';
import { httpTestbed } from '../support/httpTestbed.js';

const password = 'correct horse battery';

/** An ADMIN (first user), a MANAGER, an AUTHENTICATED user and an unverified ANONYMOUS one, with tokens. */
async function population(bed: HttpTestbed) {
  const register = async (email: string) =>
    (await bed.call('POST', '/register/', { json: { email, password } })).body;
  const login = async (email: string) =>
    (await bed.call('POST', '/login/', { form: { username: email, password } })).body.access_token as string;
  const verify = async (userId: string) => {
    const events = await bed.app.infra.store.readStream(userStream(userId));
    const requested = events.findLast((event) => event.type === 'EmailVerificationRequested');
    const token = bed.linkToken('verify-email', userId, new Date(String(requested!.data['expiresAt'])));
    await bed.call('GET', `/verify-email/${userId}/${token}`);
  };
  const admin = await register('admin@example.com');
  const adminToken = await login('admin@example.com');
  const manager = await register('manager@example.com');
  await verify(manager.id);
  await bed.call('PUT', `/users/${manager.id}`, { token: adminToken, json: { role: 'MANAGER' } });
  const user = await register('user@example.com');
  await verify(user.id);
  const anonymous = await register('anonymous@example.com');
  return {
    admin: { id: admin.id as string, token: adminToken },
    manager: { id: manager.id as string, token: await login('manager@example.com') },
    user: { id: user.id as string, token: await login('user@example.com') },
    anonymous: { id: anonymous.id as string },
  };
}

test('who may call what: the role × endpoint matrix', async (t) => {
  const bed = await httpTestbed(t);
  const people = await population(bed);
  const target = people.anonymous.id;
  const routes: [string, string, unknown?][] = [
    ['GET', '/users/'],
    ['GET', `/users/${target}`],
    ['PUT', `/users/${target}`, { bio: 'set by staff' }],
    ['POST', `/users/${target}/unlock`],
    ['PUT', `/users/${target}/professional-status`, { is_professional: true }],
    ['POST', `/users/${target}/logout`],
    ['GET', '/me'],
  ];
  const expected: Record<string, number[]> = {
    none: [401, 401, 401, 401, 401, 401, 401],
    user: [403, 403, 403, 403, 403, 403, 200],
    manager: [200, 200, 200, 200, 200, 204, 200],
    admin: [200, 200, 200, 200, 200, 204, 200],
  };
  for (const [who, statuses] of Object.entries(expected)) {
    const token = who === 'none' ? undefined : people[who as 'user' | 'manager' | 'admin'].token;
    const actual: number[] = [];
    for (const [method, path, json] of routes) {
      actual.push(
        (await bed.call(method, path, { ...(token ? { token } : {}), ...(json ? { json } : {}) })).status,
      );
    }
    t.deepEqual(actual, statuses, who);
  }
});

test('401 answers say why and carry WWW-Authenticate; 403 says the operation is not permitted', async (t) => {
  const bed = await httpTestbed(t);
  const people = await population(bed);
  const missing = await bed.call('GET', '/users/');
  t.is(missing.body.detail, 'Not authenticated');
  t.is(missing.headers.get('WWW-Authenticate'), 'Bearer');
  const bad = await bed.call('GET', '/users/', { token: 'not.a.jwt' });
  t.is(bad.status, 401);
  t.is(bad.body.detail, 'Could not validate credentials');
  const forbidden = await bed.call('GET', '/users/', { token: people.user.token });
  t.is(forbidden.status, 403);
  t.is(forbidden.body.detail, 'Operation not permitted');
});

test('a deleted or demoted user’s old token stops working at once', async (t) => {
  const bed = await httpTestbed(t);
  const people = await population(bed);
  t.is((await bed.call('GET', '/users/', { token: people.manager.token })).status, 200);
  await bed.call('PUT', `/users/${people.manager.id}`, {
    token: people.admin.token,
    json: { role: 'AUTHENTICATED' },
  });
  t.is((await bed.call('GET', '/users/', { token: people.manager.token })).status, 401);
  await bed.call('DELETE', `/users/${people.user.id}`, { token: people.admin.token });
  t.is((await bed.call('GET', '/me', { token: people.user.token })).status, 401);
});

test('staff sign an account out everywhere; only an ADMIN signs out an ADMIN', async (t) => {
  const bed = await httpTestbed(t);
  const people = await population(bed);

  const out = await bed.call('POST', `/users/${people.user.id}/logout`, { token: people.manager.token });

  t.is(out.status, 204);
  t.is((await bed.call('GET', '/me', { token: people.user.token })).status, 401);
  t.is((await bed.call('GET', '/me', { token: people.manager.token })).status, 200, 'the caller stays in');
  const refused = await bed.call('POST', `/users/${people.admin.id}/logout`, { token: people.manager.token });
  t.is(refused.status, 403);
  t.is((await bed.call('GET', '/me', { token: people.admin.token })).status, 200);
  t.is(
    (await bed.call('POST', `/users/${people.admin.id}/logout`, { token: people.admin.token })).status,
    204,
  );
  t.is((await bed.call('GET', '/me', { token: people.admin.token })).status, 401);
});

test('the user list pages in a stable order with links, and rejects bad paging with 422', async (t) => {
  const bed = await httpTestbed(t);
  const people = await population(bed);
  const page = await bed.call('GET', '/users/?skip=1&limit=2', { token: people.admin.token });
  t.is(page.status, 200);
  t.like(page.body, { total: 4, page: 1, size: 2 });
  t.deepEqual(
    page.body.items.map((item: { email: string }) => item.email),
    ['manager@example.com', 'user@example.com'],
  );
  t.deepEqual(
    page.body.links.map((link: { rel: string }) => link.rel),
    ['self', 'first', 'last', 'next', 'prev'],
  );
  for (const query of [
    'skip=-1',
    'skip=2147483648',
    'skip=99999999999999999999',
    'limit=0',
    'limit=101',
    'limit=abc',
  ]) {
    t.is((await bed.call('GET', `/users/?${query}`, { token: people.admin.token })).status, 422, query);
  }
});

test('staff find an account by its email in any case, with links that keep the search', async (t) => {
  const bed = await httpTestbed(t);
  const people = await population(bed);
  const find = async (query: string) =>
    (await bed.call('GET', `/users/?${query}`, { token: people.manager.token })).body;

  const found = await find('email=%20User@Example.COM');
  t.like(found, { total: 1, page: 1, size: 10 });
  t.deepEqual(
    found.items.map((item: { id: string }) => item.id),
    [people.user.id],
  );
  t.regex(found.links[0].href, /\/users\/\?skip=0&limit=10&email=user%40example\.com$/);
  t.like(await find('email=nobody@example.com'), { total: 0, items: [] });
  t.like(await find('email=user@example.com&skip=1'), { total: 1, items: [] });

  await bed.call('DELETE', `/users/${people.anonymous.id}`, { token: people.admin.token });
  t.like(
    await find('email=anonymous@example.com'),
    { total: 0, items: [] },
    'a deleted account is not found',
  );
});

test('staff list accounts by role and lock, with links that keep the filters', async (t) => {
  const bed = await httpTestbed(t, { MAX_LOGIN_ATTEMPTS: '2' });
  const people = await population(bed);
  const list = async (query: string) =>
    (await bed.call('GET', `/users/?${query}`, { token: people.admin.token })).body;
  const ids = (page: { items: { id: string }[] }) => page.items.map((item) => item.id);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    await bed.call('POST', '/login/', { form: { username: 'user@example.com', password: 'wrong password' } });
  }

  const locked = await list('locked=true');
  t.deepEqual(ids(locked), [people.user.id]);
  t.like(locked.items[0], { is_locked: true });
  t.deepEqual(ids(await list('locked=false')), [people.admin.id, people.manager.id, people.anonymous.id]);
  t.deepEqual(ids(await list('role=MANAGER')), [people.manager.id]);
  const both = await list('role=ANONYMOUS&locked=false&limit=1');
  t.like(both, { total: 1, size: 1 });
  t.regex(both.links[0].href, /\/users\/\?skip=0&limit=1&role=ANONYMOUS&locked=false$/);

  await bed.call('POST', `/users/${people.user.id}/unlock`, { token: people.admin.token });
  t.like(await list('locked=true'), { total: 0, items: [] }, 'unlocked: read your own write');
});

test('a filter that names no address, role or yes/no is a 422 naming it', async (t) => {
  const bed = await httpTestbed(t);
  const people = await population(bed);
  for (const [query, field] of [
    ['email=not-an-address', 'email'],
    ['role=SUPERUSER', 'role'],
    ['locked=maybe', 'locked'],
  ] as const) {
    const answer = await bed.call('GET', `/users/?${query}`, { token: people.admin.token });
    t.is(answer.status, 422, query);
    t.deepEqual(
      answer.body.detail.map((detail: { loc: string[] }) => detail.loc.at(-1)),
      [field],
      query,
    );
  }
});

test('a path whose percent-encoding does not decode is a 400, not a server error', async (t) => {
  const bed = await httpTestbed(t);
  const people = await population(bed);
  const answer = await bed.call('GET', '/users/%E0%A4%A', { token: people.admin.token });
  t.is(answer.status, 400);
  t.is(answer.body.detail, 'Bad Request');
});

test('updates are partial, refuse an empty body, duplicates and stale ETags, and apply nothing on refusal', async (t) => {
  const bed = await httpTestbed(t);
  const people = await population(bed);
  const token = people.admin.token;
  const path = `/users/${people.user.id}`;
  const before = await bed.call('GET', path, { token });
  const etag = before.headers.get('ETag')!;
  t.regex(etag, /^W\/"\d+"$/);

  t.is((await bed.call('PUT', path, { token, json: {} })).status, 422);
  const duplicate = await bed.call('PUT', path, {
    token,
    json: { first_name: 'Changed', email: 'admin@example.com' },
  });
  t.is(duplicate.status, 409);
  t.is((await bed.call('GET', path, { token })).body.first_name, null);

  const updated = await bed.call('PUT', path, {
    token,
    json: { first_name: 'Grace' },
    headers: { 'If-Match': etag },
  });
  t.is(updated.status, 200);
  t.like(updated.body, { first_name: 'Grace', email: 'user@example.com' });
  const stale = await bed.call('PUT', path, {
    token,
    json: { first_name: 'Again' },
    headers: { 'If-Match': etag },
  });
  t.is(stale.status, 412);
});

test('the last ADMIN can be neither demoted nor deleted; only an ADMIN changes roles', async (t) => {
  const bed = await httpTestbed(t);
  const people = await population(bed);
  const demote = await bed.call('PUT', `/users/${people.admin.id}`, {
    token: people.admin.token,
    json: { role: 'MANAGER' },
  });
  t.is(demote.status, 409);
  t.is((await bed.call('DELETE', `/users/${people.admin.id}`, { token: people.admin.token })).status, 409);
  const byManager = await bed.call('PUT', `/users/${people.user.id}`, {
    token: people.manager.token,
    json: { role: 'MANAGER' },
  });
  t.is(byManager.status, 403);
});

test('admin create answers 201; a MANAGER may not choose a role; unknown users are 404', async (t) => {
  const bed = await httpTestbed(t);
  const people = await population(bed);
  const created = await bed.call('POST', '/users/', {
    token: people.admin.token,
    json: { email: 'made@example.com', password, role: 'MANAGER', email_verified: true },
  });
  t.is(created.status, 201);
  t.like(created.body, { role: 'MANAGER', email_verified: true });
  const byManager = await bed.call('POST', '/users/', {
    token: people.manager.token,
    json: { email: 'made2@example.com', password, role: 'ADMIN' },
  });
  t.is(byManager.status, 403);
  const missing = await bed.call('GET', '/users/0b5c7a36-3a52-4b39-9b43-0d1f1d0b6a11', {
    token: people.admin.token,
  });
  t.is(missing.status, 404);
  t.is(missing.body.detail, 'User not found');
  t.is((await bed.call('DELETE', `/users/${people.user.id}`, { token: people.admin.token })).status, 204);
});

test('professional status is stamped with its time and can be withdrawn', async (t) => {
  const bed = await httpTestbed(t);
  const people = await population(bed);
  const path = `/users/${people.user.id}/professional-status`;
  const granted = await bed.call('PUT', path, {
    token: people.manager.token,
    json: { is_professional: true },
  });
  t.like(granted.body, { is_professional: true });
  t.truthy(Date.parse(granted.body.professional_status_updated_at));
  const withdrawn = await bed.call('PUT', path, {
    token: people.manager.token,
    json: { is_professional: false },
  });
  t.is(withdrawn.body.is_professional, false);
});

test('instants are ISO 8601 in UTC with milliseconds, the times the events occurred', async (t) => {
  const bed = await httpTestbed(t);
  const people = await population(bed);
  const events = await bed.app.infra.store.readStream(userStream(people.user.id));
  const occurred = (type?: string) => {
    const event = type ? events.findLast((candidate) => candidate.type === type)! : events.at(-1)!;
    return new Date(event.metadata.occurredAt).toISOString();
  };

  const user = (await bed.call('GET', `/users/${people.user.id}`, { token: people.admin.token })).body;
  t.is(user.created_at, occurred('UserRegistered'));
  t.is(user.last_login_at, occurred('LoginSucceeded'));
  t.is(user.updated_at, occurred());
  t.is(user.professional_status_updated_at, null);
  const listed = (await bed.call('GET', '/users/?limit=100', { token: people.admin.token })).body.items;
  t.deepEqual(
    listed.find((item: { id: string }) => item.id === people.user.id),
    user,
  );
});
