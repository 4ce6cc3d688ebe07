import test from 'ava';
import type { UserEvent } from '../domain/index.js';
import {
  accountLocked,
  accountUnlocked,
  alice,
  loginFailed,
  minutesAfter,
  registered,
  roleChanged,
} from '../domain/user/testing/index.js';
import { summary } from './summary.js';

test('a registration says who registered the account and with which role', (t) => {
  t.is(summary(registered(alice)), 'Account registered by its holder as ANONYMOUS');
  t.is(
    summary(registered(alice, { registeredVia: 'admin', role: 'MANAGER', emailVerified: true })),
    'Account created by staff as MANAGER, email pre-verified',
  );
});

test('a profile update names the fields it changed in plain words', (t) => {
  const event: UserEvent = {
    type: 'ProfileUpdated',
    data: { userId: alice.id, changes: { firstName: 'Alice', githubProfileUrl: null, bio: undefined } },
  };
  t.is(summary(event), 'Profile updated: first name, GitHub profile');
});

test('failed sign-ins say whether they count toward a lock', (t) => {
  t.is(summary(loginFailed(alice, 2)), 'Sign-in failed: wrong password (2 in a row)');
  t.is(
    summary(loginFailed(alice, 1, false)),
    'Sign-in failed before the email was verified (not counted toward a lock)',
  );
});

test('locks and unlocks say until when and by what', (t) => {
  t.is(
    summary(accountLocked(alice, 5, minutesAfter(15))),
    `Account locked after 5 failed sign-ins, until ${minutesAfter(15).toISOString()}`,
  );
  t.is(summary(accountLocked(alice, 5, null)), 'Account locked after 5 failed sign-ins, until unlocked');
  t.is(summary(accountUnlocked(alice, 'password-reset')), 'Account unlocked by a password reset');
});

test('a role change says from what to what and why', (t) => {
  t.is(summary(roleChanged(alice, 'AUTHENTICATED', 'MANAGER')), 'Role changed from AUTHENTICATED to MANAGER');
  t.is(
    summary(roleChanged(alice, 'ANONYMOUS', 'AUTHENTICATED', 'email-verified')),
    'Role changed from ANONYMOUS to AUTHENTICATED on email verification',
  );
});

test('password events never mention a hash', (t) => {
  const hash = '$argon2id$v=19$m=65536,t=3,p=4$secret';
  t.is(
    summary({ type: 'PasswordChanged', data: { userId: alice.id, passwordHash: hash } }),
    'Password changed',
  );
  t.is(
    summary({ type: 'PasswordReset', data: { userId: alice.id, passwordHash: hash } }),
    'Password reset with an emailed link',
  );
});
