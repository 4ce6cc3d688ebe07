import test from 'ava';
import type { UserEvent } from '../../domain/index.js';
import { userEventTypes } from '../../domain/index.js';
import {
  accountLocked,
  accountUnlocked,
  alice,
  emailVerified,
  passwordResetRequested,
  registered,
  resetToken,
  roleChanged,
  verificationRequested,
} from '../../domain/user/testing/index.js';
import { toEnvelope } from '../../eventFeed/index.js';
import { recorded } from '../../eventFeed/testing.js';
import { seedMessagesFor } from './seedTopics.js';

const seed = (event: UserEvent) => seedMessagesFor(toEnvelope(recorded(event), { personal: true }));
const routes = (event: UserEvent) =>
  seed(event).map(({ topic, message }) => `${topic} ${message.event_type}/${message.payload.subtype}`);

test('a registration is an account event, with the user in snake_case and no password hash', (t) => {
  const [only, ...others] = seed(registered(alice, { firstName: 'Alice' }));
  t.deepEqual(others, []);
  t.is(only!.topic, 'user-account-events');
  t.deepEqual(only!.message, {
    event_type: 'account_event',
    payload: {
      subtype: 'user_registered',
      user_data: {
        user_id: alice.id,
        email: alice.email,
        nickname: 'alice',
        first_name: 'Alice',
        last_name: null,
        bio: null,
        profile_picture_url: null,
        github_profile_url: null,
        linkedin_profile_url: null,
        role: 'ANONYMOUS',
        email_verified: false,
        registered_via: 'self',
        occurred_at: '2030-01-01T12:00:00.000Z',
      },
    },
  });
});

test('a verification request goes to the verification and email topics, without its token hash', (t) => {
  t.deepEqual(routes(verificationRequested(alice)), [
    'user-verification-events verification_event/verification_requested',
    'user-email-notifications email_notification/email_verification',
  ]);
  t.false(JSON.stringify(seed(verificationRequested(alice))).includes('token_hash'));
  t.deepEqual(routes(emailVerified(alice)), ['user-verification-events verification_event/email_verified']);
});

test('role changes go to the role topic; only an ADMIN’s change is announced as an email', (t) => {
  t.deepEqual(routes(roleChanged(alice, 'AUTHENTICATED', 'MANAGER')), [
    'user-role-changes role_change/role_changed',
    'user-email-notifications email_notification/role_changed',
  ]);
  t.deepEqual(routes(roleChanged(alice, 'ANONYMOUS', 'AUTHENTICATED', 'email-verified')), [
    'user-role-changes role_change/role_changed',
  ]);
  const [change] = seed(roleChanged(alice, 'AUTHENTICATED', 'MANAGER'));
  t.like(change!.message.payload.user_data, { from: 'AUTHENTICATED', to: 'MANAGER', reason: 'admin' });
});

test('locks and resets are account events, with the mails the service sends', (t) => {
  t.deepEqual(routes(accountLocked(alice, 5, null)), [
    'user-account-events account_event/account_locked',
    'user-email-notifications email_notification/account_locked',
  ]);
  t.deepEqual(routes(accountUnlocked(alice, 'expired')), [
    'user-account-events account_event/account_unlocked',
  ]);
  t.deepEqual(routes(passwordResetRequested(alice, resetToken)), [
    'user-account-events account_event/password_reset_requested',
    'user-email-notifications email_notification/password_reset',
  ]);
});

test('profile changes are flattened into user_data', (t) => {
  const [update] = seed({
    type: 'ProfileUpdated',
    data: { userId: alice.id, changes: { bio: 'hi', nickname: 'ally' } },
  });
  t.deepEqual(update!.message.payload.user_data, {
    user_id: alice.id,
    bio: 'hi',
    nickname: 'ally',
    occurred_at: '2030-01-01T12:00:00.000Z',
  });
});

test('every event type reaches at least one legacy topic', (t) => {
  for (const type of userEventTypes) {
    const envelope = { ...toEnvelope(recorded(emailVerified(alice)), { personal: true }), type };
    t.true(seedMessagesFor(envelope).length > 0, type);
  }
});
