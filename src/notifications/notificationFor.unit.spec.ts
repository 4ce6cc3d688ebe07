import test from 'ava';
import type { UserEvent } from '../domain/index.js';
import { evolve, initialState } from '../domain/index.js';
import {
  accountLocked,
  accountUnlocked,
  activeUser,
  alice,
  minutesAfter,
  NOW,
  passwordResetRequested,
  personalDataErased,
  registered,
  resetToken,
  roleChanged,
  verificationRequested,
  verificationToken,
} from '../domain/user/testing/index.js';
import { formatInstant, notificationFor } from './notificationFor.js';
import type { Recipient } from './recipient.js';
import { recipientOf } from './recipient.js';

const context = { eventId: '7f0e1d2c-3b4a-4596-8877-665544332211', occurredAt: NOW.toISOString() };
const ada: Recipient = { email: alice.email, name: 'Ada' };
const mapped = (event: UserEvent, recipient: Recipient | null = ada) =>
  notificationFor(event, context, recipient);

test('a verification request mails a link to the address in the event, stating its expiry', (t) => {
  const event = verificationRequested(alice, verificationToken, 'new-address@example.com');
  t.deepEqual(mapped(event), {
    eventId: context.eventId,
    userId: alice.id,
    template: 'email-verification',
    to: 'new-address@example.com',
    values: { name: 'Ada', expiresAt: '2030-01-01 13:00 UTC' },
    link: { purpose: 'verify-email', expiresAt: verificationToken.expiresAt.toISOString() },
  });
});

test('a password reset request mails a reset link with its expiry, never the token itself', (t) => {
  const result = mapped(passwordResetRequested(alice, resetToken));
  t.like(result, {
    template: 'password-reset',
    to: alice.email,
    values: { expiresAt: '2030-01-01 12:30 UTC' },
    link: { purpose: 'reset-password', expiresAt: resetToken.expiresAt.toISOString() },
  });
  t.false(JSON.stringify(result).includes(resetToken.tokenHash));
});

test('a lock until further notice and a lock until a time use their own templates', (t) => {
  t.like(mapped(accountLocked(alice, 5, null)), { template: 'account-locked', values: { name: 'Ada' } });
  t.like(mapped(accountLocked(alice, 5, minutesAfter(15))), {
    template: 'account-locked-until',
    values: { lockedUntil: '2030-01-01 12:15 UTC' },
  });
});

test('only an unlock by an administrator is mailed', (t) => {
  t.like(mapped(accountUnlocked(alice, 'admin')), { template: 'account-unlocked' });
  t.true('skipped' in mapped(accountUnlocked(alice, 'expired')));
  t.true('skipped' in mapped(accountUnlocked(alice, 'password-reset')));
});

test('a role change names both roles; the automatic raise on verification is not mailed', (t) => {
  t.like(mapped(roleChanged(alice, 'AUTHENTICATED', 'MANAGER')), {
    template: 'role-changed',
    values: { previousRole: 'AUTHENTICATED', newRole: 'MANAGER' },
  });
  t.true('skipped' in mapped(roleChanged(alice, 'ANONYMOUS', 'AUTHENTICATED', 'email-verified')));
});

test('professional status is mailed when granted, not when withdrawn', (t) => {
  const changed = (isProfessional: boolean): UserEvent => ({
    type: 'ProfessionalStatusChanged',
    data: { userId: alice.id, isProfessional, changedAt: NOW.toISOString() },
  });
  t.like(mapped(changed(true)), { template: 'professional-status-granted' });
  t.true('skipped' in mapped(changed(false)));
});

test('a changed or reset password is a security notice with the time of the change', (t) => {
  for (const type of ['PasswordChanged', 'PasswordReset'] as const) {
    t.like(mapped({ type, data: { userId: alice.id, passwordHash: 'x' } }), {
      template: 'password-changed',
      values: { changedAt: '2030-01-01 12:00 UTC' },
    });
  }
});

test('being signed out by staff or for a reused refresh token is a security notice; by oneself, not', (t) => {
  const signedOut = (
    reason: 'sign-out' | 'admin' | 'password-changed' | 'password-reset' | 'refresh-token-reuse',
  ) => mapped({ type: 'SessionsRevoked', data: { userId: alice.id, reason } });
  t.like(signedOut('admin'), {
    template: 'signed-out',
    values: { signedOutAt: '2030-01-01 12:00 UTC', reason: 'an administrator ended its sessions' },
  });
  const reused = signedOut('refresh-token-reuse');
  t.like(reused, { template: 'signed-out' });
  t.regex('values' in reused ? (reused.values['reason'] ?? '') : '', /copy of it was in other hands/);
  for (const reason of ['sign-out', 'password-changed', 'password-reset'] as const) {
    t.true('skipped' in signedOut(reason), reason);
  }
});

test('nothing is mailed for a deleted or erased account, or an erased address', (t) => {
  t.true('skipped' in mapped(accountLocked(alice, 5, null), null));
  t.true('skipped' in mapped(verificationRequested(alice, verificationToken, '[erased]')));
});

test('events that concern no mail are skipped with their type', (t) => {
  t.deepEqual(mapped(registered(alice)), { skipped: 'no email for UserRegistered' });
});

test('the greeting uses the first name, else the nickname', (t) => {
  const fold = (events: UserEvent[]) => events.reduce(evolve, initialState);
  t.deepEqual(recipientOf(fold(activeUser(alice))), { email: alice.email, name: alice.nickname });
  t.deepEqual(recipientOf(fold([registered(alice, { firstName: 'Alice' })])), {
    email: alice.email,
    name: 'Alice',
  });
  t.is(recipientOf(fold([...activeUser(alice), personalDataErased(alice)])), null);
  t.is(recipientOf(initialState), null);
});

test('instants are written in UTC to the minute', (t) => {
  t.is(formatInstant('2030-06-01T08:05:59.999Z'), '2030-06-01 08:05 UTC');
});
