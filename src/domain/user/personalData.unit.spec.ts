import test from 'ava';
import type { z } from 'zod';
import { userEventCatalogue, userEventTypes } from './events.js';
import { mapPersonalFields, personalFields, secretFields, withoutSecrets } from './personalData.js';
import { alice, registered } from './testing/index.js';

const upper = (value: string) => value.toUpperCase();

test('every personal field of a registration is mapped, and nothing else', (t) => {
  const { data } = registered(alice, { firstName: 'Alice', githubProfileUrl: 'https://github.com/a' });
  t.deepEqual(mapPersonalFields('UserRegistered', data, upper), {
    ...data,
    email: 'ALICE@EXAMPLE.COM',
    firstName: 'ALICE',
    githubProfileUrl: 'HTTPS://GITHUB.COM/A',
  });
});

test('null and absent fields are left alone', (t) => {
  const data = { userId: alice.id, changes: { firstName: null } };
  t.deepEqual(mapPersonalFields('ProfileUpdated', data, upper), data);
});

test('nested profile changes are mapped, the nickname is not personal', (t) => {
  const data = { userId: alice.id, changes: { bio: 'hi', nickname: 'ali' } };
  t.deepEqual(mapPersonalFields('ProfileUpdated', data, upper), {
    userId: alice.id,
    changes: { bio: 'HI', nickname: 'ali' },
  });
});

test('the function learns the path of each field', (t) => {
  const paths: string[] = [];
  const data = { userId: alice.id, email: 'a@b.io', previousEmail: 'c@d.io', emailVerified: false };
  mapPersonalFields('EmailChanged', data, (value, path) => (paths.push(path), value));
  t.deepEqual(paths, ['email', 'previousEmail']);
});

test('events without personal data, and other streams events, come back unchanged', (t) => {
  const data = { userId: alice.id };
  t.is(mapPersonalFields('UserDeleted', data, upper), data);
  t.is(mapPersonalFields('KeyReserved', data, upper), data);
});

test('the input payload is not mutated', (t) => {
  const data = { userId: alice.id, changes: { bio: 'hi' } };
  mapPersonalFields('ProfileUpdated', data, upper);
  t.deepEqual(data, { userId: alice.id, changes: { bio: 'hi' } });
});

test('credentials are dropped from anything published', (t) => {
  const { data } = registered(alice);
  t.false('passwordHash' in withoutSecrets('UserRegistered', data));
  t.is(withoutSecrets('UserRegistered', data).email, alice.email);
  t.false('tokenHash' in withoutSecrets('PasswordResetRequested', { userId: alice.id, tokenHash: 'x' }));
});

test('every classified path names a field of its event schema', (t) => {
  for (const type of userEventTypes) {
    const paths = [...personalFields[type], ...(secretFields[type] ?? [])];
    for (const path of paths) {
      const [head, nested] = path.split('.') as [string, string | undefined];
      const shape = userEventCatalogue[type].schema.shape as Record<string, z.ZodType>;
      t.truthy(shape[head], `${type}.${path}`);
      if (nested !== undefined) t.true(JSON.stringify(shape[head]?.toJSONSchema()).includes(nested), path);
    }
  }
});
