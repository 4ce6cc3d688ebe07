import test from 'ava';
import { InvalidTokenError, UserNotFoundError } from '../errors.js';
import {
  alice,
  command,
  emailVerified,
  given,
  otherToken,
  registered,
  roleChanged,
  userDeleted,
  verificationRequested,
  verificationToken,
} from '../testing/index.js';

const pending = [registered(alice), verificationRequested(alice)];
const justBefore = (date: Date) => new Date(date.getTime() - 1);

test('the pending token verifies the address and raises ANONYMOUS to AUTHENTICATED', (t) => {
  given(t, pending)
    .when(command.verifyEmail(alice))
    .then([emailVerified(alice), roleChanged(alice, 'ANONYMOUS', 'AUTHENTICATED', 'email-verified')]);
});

test('verifying never lowers or replaces a role an admin gave', (t) => {
  given(t, [...pending, roleChanged(alice, 'ANONYMOUS', 'MANAGER')])
    .when(command.verifyEmail(alice))
    .then([emailVerified(alice)]);
});

test('a wrong token is refused', (t) => {
  given(t, pending)
    .when(command.verifyEmail(alice, { tokenHash: otherToken.tokenHash }))
    .thenThrows(InvalidTokenError, /invalid/);
});

test('an expired token is refused as expired', (t) => {
  given(t, pending)
    .when(command.verifyEmail(alice, { now: verificationToken.expiresAt }))
    .thenThrows(InvalidTokenError, /expired/);
});

test('a token still works the instant before it expires', (t) => {
  const events = given(t, pending)
    .when(command.verifyEmail(alice, { now: justBefore(verificationToken.expiresAt) }))
    .events();
  t.is(events[0]?.type, 'EmailVerified');
});

test('a new link voids the previous one', (t) => {
  given(t, [...pending, verificationRequested(alice, otherToken)])
    .when(command.verifyEmail(alice))
    .thenThrows(InvalidTokenError);
});

test('the newest link works', (t) => {
  const events = given(t, [...pending, verificationRequested(alice, otherToken)])
    .when(command.verifyEmail(alice, { tokenHash: otherToken.tokenHash }))
    .events();
  t.is(events[0]?.type, 'EmailVerified');
});

test('the link that verified the address, clicked again, is already done', (t) => {
  given(t, [...pending, emailVerified(alice)])
    .when(command.verifyEmail(alice))
    .then([]);
});

test('once the address is verified, any other token is refused as a bad one', (t) => {
  given(t, [...pending, emailVerified(alice)])
    .when(command.verifyEmail(alice, { tokenHash: otherToken.tokenHash }))
    .thenThrows(InvalidTokenError);
});

test('an address an admin marked verified has no link that verified it: every token is refused', (t) => {
  given(t, [registered(alice, { emailVerified: true })])
    .when(command.verifyEmail(alice))
    .thenThrows(InvalidTokenError);
});

test('verifying an unknown account is refused', (t) => {
  given(t).when(command.verifyEmail(alice)).thenThrows(UserNotFoundError);
});

test('a link cannot verify a deleted account', (t) => {
  given(t, [...pending, userDeleted(alice)])
    .when(command.verifyEmail(alice))
    .thenThrows(UserNotFoundError);
});

test('an unverified user may ask for a new link', (t) => {
  given(t, pending)
    .when(command.requestEmailVerification(alice, { verification: otherToken }))
    .then([verificationRequested(alice, otherToken)]);
});

test('asking for a link once verified is already done', (t) => {
  given(t, [...pending, emailVerified(alice)])
    .when(command.requestEmailVerification(alice))
    .then([]);
});

test('asking for a link for an unknown account is refused', (t) => {
  given(t).when(command.requestEmailVerification(alice)).thenThrows(UserNotFoundError);
});
