import test from 'ava';
import type { UserEvent } from '../domain/index.js';
import {
  accountLocked,
  alice,
  emailVerified,
  loginFailed,
  passwordResetRequested,
  personalDataErased,
  registered,
  resetToken,
  roleChanged,
  verificationRequested,
} from '../domain/user/testing/index.js';
import { toEnvelope } from './envelope.js';
import { envelopeSchema, publishedVersions } from './eventSchemas.js';
import { recorded } from './testing.js';

const admin = { personal: true };
const outsider = { personal: false };
const fromClient = { clientIp: '203.0.113.9', userAgent: 'curl/8', commandId: 'idempotency-key-1' };

const aliceRegistered = registered(alice, { firstName: 'Alice', lastName: null });

test('big integers travel as decimal strings, the rest as stored', (t) => {
  const envelope = toEnvelope(recorded(emailVerified(alice), { revision: 3n, position: 2n ** 60n }), admin);
  t.deepEqual(envelope, {
    eventId: '11111111-1111-4111-8111-111111111111',
    type: 'EmailVerified',
    schemaVersion: 1,
    streamId: `user-${alice.id}`,
    revision: '3',
    position: '1152921504606846976',
    occurredAt: '2030-01-01T12:00:00.000Z',
    data: { userId: alice.id },
    metadata: { actorId: null, actorRole: null, correlationId: 'request-1', causationId: null },
  });
});

test('credentials never leave the service, whoever reads', (t) => {
  for (const audience of [admin, outsider]) {
    for (const event of [
      aliceRegistered,
      verificationRequested(alice),
      passwordResetRequested(alice, resetToken),
    ]) {
      const json = JSON.stringify(toEnvelope(recorded(event), audience));
      t.false(json.includes('$argon2id$'), event.type);
      t.false(json.includes('passwordHash') || json.includes('tokenHash'), event.type);
      t.false(json.includes(resetToken.tokenHash) || json.includes('v'.repeat(64)), event.type);
    }
  }
});

test('an ADMIN sees personal fields and where the request came from', (t) => {
  const envelope = toEnvelope(recorded(aliceRegistered, { metadata: fromClient }), admin);
  t.like(envelope.data, { email: alice.email, firstName: 'Alice', lastName: null, nickname: 'alice' });
  t.like(envelope.metadata, { clientIp: '203.0.113.9', userAgent: 'curl/8' });
});

test('other audiences get no personal field at all, not even a null one, and no client address', (t) => {
  const envelope = toEnvelope(recorded(aliceRegistered, { metadata: fromClient }), outsider);
  for (const field of ['email', 'firstName', 'lastName', 'bio', 'profilePictureUrl']) {
    t.false(field in envelope.data, field);
  }
  t.like(envelope.data, { nickname: 'alice', role: 'ANONYMOUS', userId: alice.id });
  t.false('clientIp' in envelope.metadata || 'userAgent' in envelope.metadata);
});

test('personal profile changes are removed inside `changes`; the nickname is public', (t) => {
  const event: UserEvent = {
    type: 'ProfileUpdated',
    data: { userId: alice.id, changes: { bio: 'hello', firstName: null, nickname: 'ally' } },
  };
  t.deepEqual(toEnvelope(recorded(event), outsider).data, {
    userId: alice.id,
    changes: { nickname: 'ally' },
  });
});

test('the client’s idempotency key is internal and never published', (t) => {
  const envelope = toEnvelope(recorded(emailVerified(alice), { metadata: fromClient }), admin);
  t.false(JSON.stringify(envelope).includes('idempotency-key-1'));
});

test('every envelope, for either audience, matches the published schema of its type and version', (t) => {
  const samples: UserEvent[] = [
    aliceRegistered,
    verificationRequested(alice),
    emailVerified(alice),
    roleChanged(alice, 'ANONYMOUS', 'AUTHENTICATED', 'email-verified'),
    loginFailed(alice, 1),
    accountLocked(alice, 3, null),
    passwordResetRequested(alice, resetToken),
    personalDataErased(alice),
  ];
  const schemas = new Map(publishedVersions().map((version) => [version.type, envelopeSchema(version)]));
  for (const audience of [admin, outsider]) {
    for (const event of samples) {
      const result = schemas
        .get(event.type)!
        .safeParse(toEnvelope(recorded(event, { metadata: fromClient }), audience));
      t.true(result.success, `${event.type}: ${result.error?.message ?? ''}`);
    }
  }
});
