import test from 'ava';
import { ForbiddenError, InvalidCommandError, InvalidTokenError, EmailNotVerifiedError } from '../errors.js';
import type { UserEvent } from '../events.js';
import {
  activeUser,
  aManager,
  alice,
  anAdmin,
  command,
  emailVerified,
  given,
  otherToken,
  registered,
  verificationRequested,
} from '../testing/index.js';

const NEW = 'new@example.com';
const emailChanged = (emailVerified: boolean): UserEvent => ({
  type: 'EmailChanged',
  data: { userId: alice.id, email: NEW, previousEmail: alice.email, emailVerified },
});
const changedBySelf = [
  ...activeUser(alice),
  emailChanged(false),
  verificationRequested(alice, otherToken, NEW),
];

test('a new address is unverified and gets its own link', (t) => {
  given(t, activeUser(alice))
    .when(command.changeEmail(alice, { verification: otherToken }))
    .then([emailChanged(false), verificationRequested(alice, otherToken, NEW)]);
});

test('the same address in another case or padding is already done', (t) => {
  given(t, activeUser(alice))
    .when(command.changeEmail(alice, { email: ' ALICE@example.com ' }))
    .then([]);
});

test('staff may vouch for the new address', (t) => {
  given(t, activeUser(alice))
    .when(command.changeEmail(alice, { actor: aManager, markVerified: true }))
    .then([emailChanged(true)]);
});

test('the holder cannot vouch for their own new address', (t) => {
  given(t, activeUser(alice))
    .when(command.changeEmail(alice, { markVerified: true }))
    .thenThrows(ForbiddenError);
});

test('a MANAGER cannot change the address of an ADMIN', (t) => {
  given(t, activeUser(alice, 'ADMIN'))
    .when(command.changeEmail(alice, { actor: aManager }))
    .thenThrows(ForbiddenError);
});

test('an ADMIN changes the address of an ADMIN', (t) => {
  const events = given(t, activeUser(alice, 'ADMIN'))
    .when(command.changeEmail(alice, { actor: anAdmin }))
    .events();
  t.is(events[0]?.type, 'EmailChanged');
});

test('until the new address is verified the holder cannot log in', (t) => {
  given(t, changedBySelf).when(command.logIn(alice)).thenThrows(EmailNotVerifiedError);
});

test('verifying the new address keeps the role', (t) => {
  given(t, changedBySelf)
    .when(command.verifyEmail(alice, { tokenHash: otherToken.tokenHash }))
    .then([emailVerified(alice)]);
});

test('a link sent to the previous address no longer verifies', (t) => {
  given(t, [registered(alice), verificationRequested(alice), emailChanged(false)])
    .when(command.verifyEmail(alice))
    .thenThrows(InvalidTokenError);
});

test('an invalid new address is refused', (t) => {
  given(t, activeUser(alice))
    .when(command.changeEmail(alice, { email: 'nope' }))
    .thenThrows(InvalidCommandError);
});
