import test from 'ava';
import {
  accountLocked,
  alice,
  minutesAfter,
  personalDataErased,
  registered,
  stateAfter,
  userDeleted,
} from '../domain/user/testing/index.js';
import type { UserEvent } from '../domain/index.js';
import { ERASED, initialState } from '../domain/index.js';
import { fieldChanges } from './fieldChanges.js';

const bioChanged = (bio: string): UserEvent => ({
  type: 'ProfileUpdated',
  data: { userId: alice.id, changes: { bio } },
});
const passwordChanged: UserEvent = {
  type: 'PasswordChanged',
  data: { userId: alice.id, passwordHash: '$argon2id$v=19$m=65536,t=3,p=4$new' },
};

test('a profile update shows each changed field with its value before and after', (t) => {
  const before = stateAfter([registered(alice, { bio: 'Old bio' })]);
  const after = stateAfter([registered(alice, { bio: 'Old bio' }), bioChanged('New bio')]);
  t.deepEqual(fieldChanges(before, after), [{ field: 'bio', from: 'Old bio', to: 'New bio' }]);
});

test('a registration shows every field that got a value, from null, and the password only as redacted', (t) => {
  const changes = fieldChanges(initialState, stateAfter([registered(alice)]));
  t.deepEqual(changes.slice(0, 3), [
    { field: 'status', from: null, to: 'active' },
    { field: 'email', from: null, to: alice.email },
    { field: 'nickname', from: null, to: alice.nickname },
  ]);
  t.false(changes.some((change) => 'from' in change && change.to === null));
  t.deepEqual(changes.at(-1), { field: 'password', redacted: true });
});

test('a password change is reported as redacted, never with a hash', (t) => {
  const changes = fieldChanges(
    stateAfter([registered(alice)]),
    stateAfter([registered(alice), passwordChanged]),
  );
  t.deepEqual(changes, [{ field: 'password', redacted: true }]);
  t.false(JSON.stringify(changes).includes('$argon2id$'));
});

test('a pending link shows its expiry, never its token hash', (t) => {
  const requested: UserEvent = {
    type: 'PasswordResetRequested',
    data: {
      userId: alice.id,
      email: alice.email,
      tokenHash: 'r'.repeat(64),
      expiresAt: minutesAfter(30).toISOString(),
    },
  };
  const changes = fieldChanges(stateAfter([registered(alice)]), stateAfter([registered(alice), requested]));
  t.deepEqual(changes, [
    { field: 'password_reset_expires_at', from: null, to: minutesAfter(30).toISOString() },
  ]);
});

test('a lock shows the lock, its end and the failures that caused it', (t) => {
  const until = minutesAfter(15);
  const changes = fieldChanges(
    stateAfter([registered(alice)]),
    stateAfter([registered(alice), accountLocked(alice, 3, until)]),
  );
  t.deepEqual(changes, [
    { field: 'failed_login_attempts', from: 0, to: 3 },
    { field: 'is_locked', from: false, to: true },
    { field: 'locked_until', from: null, to: until.toISOString() },
  ]);
});

test('an event that changes no field shows no change', (t) => {
  const state = stateAfter([registered(alice)]);
  t.deepEqual(fieldChanges(state, state), []);
});

test('erasing a history already read as erased changes only the status and the password', (t) => {
  const erasedRegistration = registered(alice, { email: ERASED, firstName: ERASED });
  const deleted = stateAfter([erasedRegistration, userDeleted(alice)]);
  const erased = stateAfter([erasedRegistration, userDeleted(alice), personalDataErased(alice)]);
  t.deepEqual(fieldChanges(deleted, erased), [
    { field: 'status', from: 'deleted', to: 'erased' },
    { field: 'password', redacted: true },
  ]);
});
