import test from 'ava';
import { alice, anAdmin, registered } from '../domain/user/testing/index.js';
import { userStream } from '../domain/index.js';
import { emptyTimeline, foldTimeline, step } from './accountTimeline.js';
import { accountState, historyEntry } from './present.js';
import { minute, recordedStream } from './testing/recordedStream.js';

const stream = userStream(alice.id);
const fromAdmin = () => ({
  actorId: anAdmin.id,
  actorRole: anAdmin.role,
  correlationId: 'req-42',
  clientIp: '203.0.113.9',
  userAgent: 'curl/8.5',
});

test('an entry carries the event, its actor, request and client, and a summary', (t) => {
  const [recorded] = recordedStream(stream, [registered(alice)], fromAdmin);
  const entry = historyEntry(recorded!, step(emptyTimeline, recorded!));
  t.like(entry, {
    revision: 0,
    position: '65536',
    type: 'UserRegistered',
    schema_version: 1,
    occurred_at: minute(0).toISOString(),
    recorded_at: minute(0).toISOString(),
    actor: { id: anAdmin.id, role: 'ADMIN' },
    correlation_id: 'req-42',
    causation_id: null,
    client_ip: '203.0.113.9',
    user_agent: 'curl/8.5',
    summary: 'Account registered by its holder as ANONYMOUS',
  });
});

test('an entry leaves out password and token hashes, from the payload and from the diff', (t) => {
  const events = recordedStream(stream, [
    registered(alice),
    {
      type: 'EmailVerificationRequested',
      data: {
        userId: alice.id,
        email: alice.email,
        tokenHash: 'v'.repeat(64),
        expiresAt: minute(60).toISOString(),
      },
    },
  ]);
  const entries = events.map((recorded, index) =>
    historyEntry(recorded, step(foldTimeline(events.slice(0, index)), recorded)),
  );
  const json = JSON.stringify(entries);
  t.false(json.includes(alice.passwordHash));
  t.false(json.includes('v'.repeat(64)));
  t.false(json.includes('tokenHash'));
  t.deepEqual(entries[1]!.data, {
    userId: alice.id,
    email: alice.email,
    expiresAt: minute(60).toISOString(),
  });
});

test('an anonymous caller and an unknown client read as null', (t) => {
  const [recorded] = recordedStream(stream, [registered(alice)]);
  t.like(historyEntry(recorded!, step(emptyTimeline, recorded!)), {
    actor: null,
    client_ip: null,
    user_agent: null,
  });
});

test('the state at an instant is the user response without links, plus its status, instant and revision', (t) => {
  const events = recordedStream(stream, [registered(alice, { firstName: 'Alice' })]);
  const asOf = minute(5);
  const state = accountState(foldTimeline(events), asOf);
  t.like(state, {
    id: alice.id,
    status: 'active',
    email: alice.email,
    first_name: 'Alice',
    created_at: minute(0).toISOString(),
    as_of: asOf.toISOString(),
    revision: 0,
  });
  t.false('links' in state!);
  t.false(JSON.stringify(state).includes('argon2'));
});

test('there is no state before the registration', (t) => {
  t.is(accountState(emptyTimeline, minute(0)), null);
});
