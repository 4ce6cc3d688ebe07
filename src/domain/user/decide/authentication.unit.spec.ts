import test from 'ava';
import {
  AccountLockedError,
  EmailNotVerifiedError,
  InvalidCommandError,
  InvalidCredentialsError,
  UserNotFoundError,
} from '../errors.js';
import type { UserEvent } from '../events.js';
import {
  accountLocked,
  accountUnlocked,
  activeUser,
  alice,
  command,
  emailVerified,
  given,
  loginFailed,
  minutesAfter,
  NOW,
  registered,
  userDeleted,
  verificationRequested,
} from '../testing/index.js';
import { loginRefusal } from './authentication.js';

const succeeded: UserEvent = { type: 'LoginSucceeded', data: { userId: alice.id } };
const wrongPassword = { passwordMatches: false };
const lockedUntil = minutesAfter(15);

test('the right password on a verified account succeeds', (t) => {
  given(t, activeUser(alice)).when(command.logIn(alice)).then([succeeded]);
});

test('a wrong password is recorded as the first failed attempt', (t) => {
  given(t, activeUser(alice))
    .when(command.logIn(alice, wrongPassword))
    .then([loginFailed(alice, 1)]);
});

test('consecutive failures are counted', (t) => {
  given(t, [...activeUser(alice), loginFailed(alice, 1)])
    .when(command.logIn(alice, wrongPassword))
    .then([loginFailed(alice, 2)]);
});

test('reaching the maximum of attempts locks the account for the lock duration', (t) => {
  given(t, [...activeUser(alice), loginFailed(alice, 1), loginFailed(alice, 2)])
    .when(command.logIn(alice, wrongPassword))
    .then([loginFailed(alice, 3), accountLocked(alice, 3, lockedUntil)]);
});

test('without a lock duration the lock has no end', (t) => {
  given(t, [...activeUser(alice), loginFailed(alice, 1), loginFailed(alice, 2)])
    .when(command.logIn(alice, { ...wrongPassword, policy: { maxLoginAttempts: 3, lockDurationMs: null } }))
    .then([loginFailed(alice, 3), accountLocked(alice, 3, null)]);
});

test('a success resets the count of failures', (t) => {
  given(t, [...activeUser(alice), loginFailed(alice, 1), loginFailed(alice, 2), succeeded])
    .when(command.logIn(alice, wrongPassword))
    .then([loginFailed(alice, 1)]);
});

const locked = [...activeUser(alice), loginFailed(alice, 3), accountLocked(alice, 3, lockedUntil)];

test('a locked account refuses even the right password', (t) => {
  given(t, locked)
    .when(command.logIn(alice))
    .thenThrows(AccountLockedError, /locked until/);
});

test('a locked account refuses a wrong password without recording it', (t) => {
  given(t, locked).when(command.logIn(alice, wrongPassword)).thenThrows(AccountLockedError);
});

test('a lock is still on the instant before it ends', (t) => {
  given(t, locked)
    .when(command.logIn(alice, { now: new Date(lockedUntil.getTime() - 1) }))
    .thenThrows(AccountLockedError);
});

test('a lock whose time has passed is lifted before the login is judged', (t) => {
  given(t, locked)
    .when(command.logIn(alice, { now: lockedUntil }))
    .then([accountUnlocked(alice, 'expired'), succeeded]);
});

test('after an expired lock a wrong password counts from one again', (t) => {
  given(t, locked)
    .when(command.logIn(alice, { ...wrongPassword, now: lockedUntil }))
    .then([accountUnlocked(alice, 'expired'), loginFailed(alice, 1)]);
});

test('a lock without an end never lifts by itself', (t) => {
  given(t, [...activeUser(alice), accountLocked(alice, 3, null)])
    .when(command.logIn(alice, { now: minutesAfter(60 * 24 * 365) }))
    .thenThrows(AccountLockedError);
});

const unverified = [registered(alice), verificationRequested(alice)];

test('the right password on an unverified account is refused as not verified', (t) => {
  given(t, unverified).when(command.logIn(alice)).thenThrows(EmailNotVerifiedError);
});

test('a wrong password before verification is recorded but does not count toward the lock', (t) => {
  given(t, unverified)
    .when(command.logIn(alice, wrongPassword))
    .then([loginFailed(alice, 0, false)]);
});

test('failures before verification never lock, even past the maximum', (t) => {
  const uncounted = [1, 2, 3, 4].map(() => loginFailed(alice, 0, false));
  given(t, [...unverified, ...uncounted, emailVerified(alice)])
    .when(command.logIn(alice, wrongPassword))
    .then([loginFailed(alice, 1)]);
});

test('logging in to an unknown account is refused', (t) => {
  given(t).when(command.logIn(alice)).thenThrows(UserNotFoundError);
});

test('logging in to a deleted account is refused', (t) => {
  given(t, [...activeUser(alice), userDeleted(alice)])
    .when(command.logIn(alice))
    .thenThrows(UserNotFoundError);
});

test('a policy allowing no attempt at all is an invalid command', (t) => {
  given(t, activeUser(alice))
    .when(command.logIn(alice, { policy: { maxLoginAttempts: 0, lockDurationMs: null } }))
    .thenThrows(InvalidCommandError, /maxLoginAttempts/);
});

test('after a success the handler refuses nothing', (t) => {
  t.is(loginRefusal([succeeded]), null);
});

test('after a plain failure the handler answers with invalid credentials', (t) => {
  t.true(loginRefusal([loginFailed(alice, 1)]) instanceof InvalidCredentialsError);
});

test('after the failure that locks the handler answers that the account is locked', (t) => {
  const refusal = loginRefusal([loginFailed(alice, 3), accountLocked(alice, 3, lockedUntil)]);
  t.true(refusal instanceof AccountLockedError);
  t.is((refusal as AccountLockedError).lockedUntil, lockedUntil.toISOString());
});

test('the lock time is counted from the attempt that locks', (t) => {
  const events = given(t, [...activeUser(alice), loginFailed(alice, 2)])
    .when(command.logIn(alice, { ...wrongPassword, now: minutesAfter(5) }))
    .events();
  t.deepEqual(events[1], accountLocked(alice, 3, minutesAfter(20, NOW)));
});
