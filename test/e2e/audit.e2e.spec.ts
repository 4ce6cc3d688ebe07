import { randomUUID } from 'node:crypto';
import test from 'ava';
import { userStream } from '../../src/domain/index.js';
import { sql } from '../../src/infrastructure/postgres/sql.js';
import type { HttpTestbed } from '../support/httpTestbed.js';
import { httpTestbed } from '../support/httpTestbed.js';

const password = 'correct horse battery';
const client = { 'User-Agent': 'audit-e2e/1.0' };
const grace = {
  email: 'grace@example.com',
  first_name: 'Grace',
  last_name: 'Hopper',
  bio: 'Wrote the first compiler',
};

/** An ADMIN (the first account) who creates Grace, verified, from a known user agent. */
async function adminAndGrace(bed: HttpTestbed) {
  const admin = (await bed.call('POST', '/register/', { json: { email: 'admin@example.com', password } }))
    .body;
  const token = await logIn(bed, 'admin@example.com');
  const created = await bed.call('POST', '/users/', {
    token,
    json: { ...grace, password, email_verified: true },
    headers: client,
  });
  return { admin: { id: admin.id as string, token }, graceId: created.body.id as string };
}

async function logIn(bed: HttpTestbed, email: string): Promise<string> {
  return (await bed.call('POST', '/login/', { form: { username: email, password } })).body.access_token;
}

/** Every entry of the account's history, in one page. */
async function wholeHistory(bed: HttpTestbed, token: string, userId: string, query = '') {
  const page = await bed.call('GET', `/users/${userId}/history?limit=500${query}`, { token });
  return page.body.items as { revision: number; type: string; recorded_at: string }[];
}

test('the history shows who changed a profile, from where, with what request, and the field-level diff', async (t) => {
  const bed = await httpTestbed(t);
  const { admin, graceId } = await adminAndGrace(bed);
  const update = await bed.call('PUT', `/users/${graceId}`, {
    token: admin.token,
    json: { bio: 'Invented COBOL' },
    headers: { ...client, 'X-Request-Id': 'audit-request-1' },
  });
  t.is(update.status, 200);

  const history = await bed.call('GET', `/users/${graceId}/history`, { token: admin.token });
  t.is(history.status, 200);
  const entry = history.body.items.find((item: { type: string }) => item.type === 'ProfileUpdated');
  t.like(entry, {
    schema_version: 1,
    actor: { id: admin.id, role: 'ADMIN' },
    correlation_id: 'audit-request-1',
    user_agent: 'audit-e2e/1.0',
    summary: 'Profile updated: bio',
    changes: [{ field: 'bio', from: 'Wrote the first compiler', to: 'Invented COBOL' }],
  });
  t.regex(entry.client_ip, /127\.0\.0\.1/);
  t.true(Date.parse(entry.occurred_at) <= Date.parse(entry.recorded_at) + 1_000);
  t.is(history.body.items[0].type, 'UserRegistered');
  t.deepEqual(
    history.body.items[0].changes.find((change: { field: string }) => change.field === 'password'),
    { field: 'password', redacted: true },
  );
  t.false(JSON.stringify(history.body).includes('$argon2id$'));
});

test('the history filters by event type and by recorded time', async (t) => {
  const bed = await httpTestbed(t);
  const { admin, graceId } = await adminAndGrace(bed);
  for (const bio of ['one', 'two', 'three']) {
    await bed.call('PUT', `/users/${graceId}`, { token: admin.token, json: { bio } });
  }
  await bed.call('PUT', `/users/${graceId}/professional-status`, {
    token: admin.token,
    json: { is_professional: true },
  });
  const all = await wholeHistory(bed, admin.token, graceId);

  const updates = await wholeHistory(bed, admin.token, graceId, '&type=ProfileUpdated');
  t.deepEqual(
    updates,
    all.filter((item) => item.type === 'ProfileUpdated'),
  );
  t.is(updates.length, 3);
  const two = await wholeHistory(bed, admin.token, graceId, '&type=ProfileUpdated,ProfessionalStatusChanged');
  t.is(two.length, 4);

  const from = all[2]!.recorded_at;
  const to = all[3]!.recorded_at;
  const range = `&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  t.deepEqual(
    await wholeHistory(bed, admin.token, graceId, range),
    all.filter((item) => item.recorded_at >= from && item.recorded_at <= to),
  );
  const offset = to.replace('Z', '+00:00');
  t.deepEqual(
    await wholeHistory(bed, admin.token, graceId, `&to=${encodeURIComponent(offset)}`),
    all.filter((item) => item.recorded_at <= to),
  );
});

test('pages continue exactly where the previous one ended, with or without a filter', async (t) => {
  const bed = await httpTestbed(t);
  const { admin, graceId } = await adminAndGrace(bed);
  for (const bio of ['one', 'two', 'three', 'four', 'five']) {
    await bed.call('PUT', `/users/${graceId}`, { token: admin.token, json: { bio } });
  }
  for (const filter of ['', '&type=ProfileUpdated']) {
    const all = await wholeHistory(bed, admin.token, graceId, filter);
    const paged: unknown[] = [];
    let after: number | null = null;
    do {
      const query: string = `?limit=2${filter}${after === null ? '' : `&after_revision=${after}`}`;
      const page = await bed.call('GET', `/users/${graceId}/history${query}`, { token: admin.token });
      paged.push(...page.body.items);
      after = page.body.next_after_revision;
      if (after !== null) t.true(page.body.next.endsWith(`after_revision=${after}&limit=2`));
      else t.is(page.body.next, null);
    } while (after !== null);
    t.deepEqual(paged, all, filter || 'unfiltered');
  }
});

test('the state at a past instant is the account as it was then, with its instant and revision', async (t) => {
  const bed = await httpTestbed(t);
  const { admin, graceId } = await adminAndGrace(bed);
  await bed.call('PUT', `/users/${graceId}`, { token: admin.token, json: { bio: 'Invented COBOL' } });
  await bed.call('DELETE', `/users/${graceId}`, { token: admin.token });
  const history = await wholeHistory(bed, admin.token, graceId);
  const [registered, updated, deleted] = ['UserRegistered', 'ProfileUpdated', 'UserDeleted'].map((type) =>
    history.find((item) => item.type === type),
  );
  t.true(updated!.recorded_at > registered!.recorded_at);

  const then = await bed.call('GET', `/users/${graceId}/history/state?at=${registered!.recorded_at}`, {
    token: admin.token,
  });
  t.is(then.status, 200);
  t.like(then.body, {
    id: graceId,
    status: 'active',
    bio: grace.bio,
    email: grace.email,
    role: 'AUTHENTICATED',
  });
  t.like(then.body, { as_of: registered!.recorded_at, revision: registered!.revision });
  t.false('links' in then.body);

  const now = await bed.call('GET', `/users/${graceId}/history/state`, { token: admin.token });
  t.like(now.body, { status: 'deleted', bio: 'Invented COBOL', revision: deleted!.revision });
  t.false(JSON.stringify([then.body, now.body]).includes('argon2'));
});

test('unknown accounts answer 404, instants before the account 404 with a reason, malformed filters 422', async (t) => {
  const bed = await httpTestbed(t);
  const { admin, graceId } = await adminAndGrace(bed);
  const ask = (path: string) => bed.call('GET', path, { token: admin.token });
  const nobody = randomUUID();
  for (const path of ['history', 'history/state', 'history/verify', 'export']) {
    const answer = await ask(`/users/${nobody}/${path}`);
    t.is(answer.status, 404, path);
    t.is(answer.body.detail, 'User not found', path);
  }
  const early = await ask(`/users/${graceId}/history/state?at=2000-01-01T00:00:00Z`);
  t.is(early.status, 404);
  t.is(early.body.detail, 'The account did not exist yet at 2000-01-01T00:00:00.000Z');

  const malformed: [string, string][] = [
    [`/users/${graceId}/history/state?at=yesterday`, 'at'],
    [`/users/${graceId}/history/state?at=2026-02-30T00:00:00Z`, 'at'],
    [`/users/${graceId}/history?from=2026-01-31`, 'from'],
    [`/users/${graceId}/history?to=2026-01-31T09:00:00`, 'to'],
    [`/users/${graceId}/history?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z`, 'from'],
    [`/users/${graceId}/history?type=NoSuchEvent`, 'type'],
    [`/users/${graceId}/history?limit=0`, 'limit'],
    [`/users/${graceId}/history?after_revision=-1`, 'after_revision'],
    [`/users/${graceId}/history?after_revision=99999999999999999999`, 'after_revision'],
  ];
  for (const [path, field] of malformed) {
    const answer = await ask(path);
    t.is(answer.status, 422, path);
    t.true(JSON.stringify(answer.body.detail).includes(field), path);
  }
});

test('only staff read histories; an account’s export is for its holder or an ADMIN', async (t) => {
  const bed = await httpTestbed(t);
  const { admin, graceId } = await adminAndGrace(bed);
  const graceToken = await logIn(bed, grace.email);
  t.is((await bed.call('GET', `/users/${graceId}/history`)).status, 401);
  t.is((await bed.call('GET', `/users/${graceId}/history`, { token: graceToken })).status, 403);
  t.is((await bed.call('GET', `/users/${graceId}/history/verify`, { token: graceToken })).status, 403);
  t.is((await bed.call('GET', `/users/${admin.id}/export`, { token: graceToken })).status, 403);
  t.is((await bed.call('GET', `/users/${graceId}/export`, { token: graceToken })).status, 200);
  t.is((await bed.call('GET', '/me/export', { token: graceToken })).status, 200);
  t.is((await bed.call('GET', `/users/${graceId}/export`, { token: admin.token })).status, 200);
});

test('verification holds for an untouched account and fails at exactly the event edited in PostgreSQL', async (t) => {
  const bed = await httpTestbed(t);
  const { admin, graceId } = await adminAndGrace(bed);
  await bed.call('PUT', `/users/${graceId}`, { token: admin.token, json: { bio: 'Invented COBOL' } });
  const verify = () => bed.call('GET', `/users/${graceId}/history/verify`, { token: admin.token });
  const events = await bed.app.infra.store.readStream(userStream(graceId));

  const intact = await verify();
  t.deepEqual(intact.body, { valid: true, events: events.length });

  await bed.app.infra.pool.query(sql.typeAlias('void')`
    update events set data = data || '{"forged": true}'
    where stream_id = ${userStream(graceId)} and stream_revision = 1
  `);
  const broken = await verify();
  t.is(broken.status, 200);
  t.deepEqual(broken.body, {
    valid: false,
    events: events.length,
    first_broken_link: { revision: 1, event_id: events[1]!.eventId, reason: 'hash-mismatch' },
  });
});

test('an export holds the account, its whole history and its integrity, and no credential', async (t) => {
  const bed = await httpTestbed(t);
  const { admin, graceId } = await adminAndGrace(bed);
  const graceToken = await logIn(bed, grace.email);
  await bed.call('POST', '/me/password', {
    token: graceToken,
    json: { current_password: password, new_password: 'an even better passphrase' },
  });
  await bed.call('POST', '/password-reset/request', { json: { email: grace.email } });

  const exported = await bed.call('GET', `/users/${graceId}/export`, { token: admin.token });
  t.is(exported.status, 200);
  t.is(exported.headers.get('Content-Disposition'), `attachment; filename="account-${graceId}.json"`);
  const events = await bed.app.infra.store.readStream(userStream(graceId));
  t.like(exported.body, {
    account: { id: graceId, email: grace.email, first_name: 'Grace' },
    integrity: { valid: true },
  });
  t.deepEqual(
    exported.body.history.map((entry: { type: string }) => entry.type),
    events.map((event) => event.type),
  );
  t.true(events.some((event) => event.type === 'PasswordResetRequested'));
  const json = JSON.stringify(exported.body);
  for (const secret of ['$argon2id$', 'tokenHash', 'token_hash', 'passwordHash']) {
    t.false(json.includes(secret), secret);
  }
});

test('after erasure the history, the state at any instant and the export read [erased] and hold none of the personal data', async (t) => {
  const bed = await httpTestbed(t);
  const { admin, graceId } = await adminAndGrace(bed);
  await bed.call('PUT', `/users/${graceId}`, {
    token: admin.token,
    json: { bio: 'Invented COBOL' },
    headers: client,
  });
  const [registered] = await wholeHistory(bed, admin.token, graceId);
  await bed.app.services.commands.erasePersonalData(
    { userId: graceId },
    { actor: { id: admin.id, role: 'ADMIN' }, correlationId: randomUUID() },
  );

  const history = await bed.call('GET', `/users/${graceId}/history?limit=500`, { token: admin.token });
  const past = await bed.call('GET', `/users/${graceId}/history/state?at=${registered!.recorded_at}`, {
    token: admin.token,
  });
  const now = await bed.call('GET', `/users/${graceId}/history/state`, { token: admin.token });
  const exported = await bed.call('GET', `/users/${graceId}/export`, { token: admin.token });
  t.deepEqual([history.status, past.status, now.status, exported.status], [200, 200, 200, 200]);

  t.like(past.body, {
    status: 'active',
    email: '[erased]',
    first_name: '[erased]',
    last_name: '[erased]',
    bio: '[erased]',
  });
  t.like(now.body, { status: 'erased', email: '[erased]', first_name: '[erased]' });
  const update = history.body.items.find((item: { type: string }) => item.type === 'ProfileUpdated');
  // Both sides of the change now read the same, so only the summary still says what changed.
  t.like(update, {
    client_ip: '[erased]',
    user_agent: '[erased]',
    summary: 'Profile updated: bio',
    changes: [],
  });
  t.is(history.body.items.at(-1).type, 'PersonalDataErased');

  const json = JSON.stringify([history.body, past.body, now.body, exported.body]);
  for (const value of [...Object.values(grace), 'Invented COBOL', 'audit-e2e/1.0', '127.0.0.1']) {
    t.false(json.includes(value), `${value} is still readable`);
  }
});

test('DELETE /users/{id}?erase=true deletes and erases for an ADMIN, and is refused to a MANAGER', async (t) => {
  const bed = await httpTestbed(t);
  const password = 'correct horse battery';
  await bed.call('POST', '/register/', { json: { email: 'admin@example.com', password } });
  const admin = (await bed.call('POST', '/login/', { form: { username: 'admin@example.com', password } }))
    .body.access_token as string;
  const created = async (email: string, role?: string) =>
    (
      await bed.call('POST', '/users/', {
        token: admin,
        json: { email, password, email_verified: true, ...(role ? { role } : {}) },
      })
    ).body.id as string;
  const managerId = await created('manager@example.com', 'MANAGER');
  const manager = (await bed.call('POST', '/login/', { form: { username: 'manager@example.com', password } }))
    .body.access_token as string;
  const target = await created('grace.hopper@example.com');
  t.is((await bed.call('DELETE', `/users/${target}?erase=true`, { token: manager })).status, 403);
  t.is((await bed.call('DELETE', `/users/${target}?erase=true`, { token: admin })).status, 204);
  const state = await bed.call('GET', `/users/${target}/history/state`, { token: admin });
  t.is(state.body.email, '[erased]');
  t.false(
    JSON.stringify(await bed.call('GET', `/users/${target}/history`, { token: admin })).includes(
      'grace.hopper',
    ),
  );
  t.truthy(managerId);
});

test('after erasure no personal value of the user is found anywhere: events, read model, feed, history, logs', async (t) => {
  const bed = await httpTestbed(t);
  const password = 'correct horse battery';
  await bed.call('POST', '/register/', { json: { email: 'admin@example.com', password } });
  const admin = (await bed.call('POST', '/login/', { form: { username: 'admin@example.com', password } }))
    .body.access_token as string;
  const personal = {
    email: 'ada.lovelace@example.com',
    first_name: 'Augusta',
    last_name: 'Lovelace',
    bio: 'Wrote the first algorithm for a machine',
    github_profile_url: 'https://github.com/ada-lovelace-1815',
  };
  const target = (
    await bed.call('POST', '/users/', {
      token: admin,
      json: { ...personal, password },
      headers: { 'User-Agent': 'AdaBrowser/1.0' },
    })
  ).body.id as string;
  await bed.call('PUT', `/users/${target}`, { token: admin, json: { bio: 'Poetical science' } });
  const erased = await bed.call('DELETE', `/users/${target}?erase=true`, { token: admin });
  t.is(erased.status, 204);
  // The read model follows the log: wait until it has applied the erasure.
  const afterErasure = { 'X-Event-Position': erased.headers.get('X-Event-Position')! };
  t.is((await bed.call('GET', `/users/${target}`, { token: admin, headers: afterErasure })).status, 404);

  const { pool } = bed.app.infra;
  const text = (rows: unknown) =>
    JSON.stringify(rows, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value));
  const everything = [
    text(await pool.any(sql.unsafe`select * from events`)),
    text(await pool.any(sql.unsafe`select * from users`)),
    text(await pool.any(sql.unsafe`select * from snapshots`)),
    JSON.stringify((await bed.call('GET', '/events?after=0&limit=1000', { token: admin })).body),
    JSON.stringify((await bed.call('GET', `/users/${target}/history?limit=500`, { token: admin })).body),
    JSON.stringify((await bed.call('GET', `/users/${target}/export`, { token: admin })).body),
    bed.logs.join('\n'),
  ].join('\n');
  for (const value of [...Object.values(personal), 'Poetical science', 'AdaBrowser']) {
    const at = everything.toLowerCase().indexOf(value.toLowerCase());
    t.is(at, -1, `${value} is still stored or shown: …${everything.slice(Math.max(0, at - 200), at + 50)}`);
  }
});
