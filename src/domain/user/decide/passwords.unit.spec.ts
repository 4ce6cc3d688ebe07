import test from 'ava';
import {
  ForbiddenError,
  InvalidCommandError,
  InvalidCredentialsError,
  InvalidTokenError,
  UserNotFoundError,
} from '../errors.js';
import type { UserEvent } from '../events.js';
import {
  accountLocked,
  accountUnlocked,
  actor,
  activeUser,
  alice,
  anAdmin,
  command,
  given,
  loginFailed,
  otherToken,
  passwordResetRequested,
  resetToken,
  sessionsRevoked,
  userDeleted,
} from '../testing/index.js';

const NEW_HASH = '$argon2id$new';
const reset: UserEvent = { type: 'PasswordReset', data: { userId: alice.id, passwordHash: NEW_HASH } };
const changed: UserEvent = { type: 'PasswordChanged', data: { userId: alice.id, passwordHash: NEW_HASH } };
const resetRequested = [...activeUser(alice), passwordResetRequested(alice, resetToken)];

test('a reset request records the token for the account address', (t) => {
  given(t, activeUser(alice))
    .when(command.requestPasswordReset(alice))
    .then([passwordResetRequested(alice, resetToken)]);
});

test('a reset request for an unknown account is refused', (t) => {
  given(t).when(command.requestPasswordReset(alice)).thenThrows(UserNotFoundError);
});

test('a reset request for a deleted account is refused', (t) => {
  given(t, [...activeUser(alice), userDeleted(alice)])
    .when(command.requestPasswordReset(alice))
    .thenThrows(UserNotFoundError);
});

test('the pending reset token sets the new password and signs the account out everywhere', (t) => {
  given(t, resetRequested)
    .when(command.resetPassword(alice))
    .then([reset, sessionsRevoked(alice, 'password-reset')]);
});

test('a reset also lifts a lock', (t) => {
  given(t, [...resetRequested, loginFailed(alice, 3), accountLocked(alice, 3, null)])
    .when(command.resetPassword(alice))
    .then([reset, accountUnlocked(alice, 'password-reset'), sessionsRevoked(alice, 'password-reset')]);
});

test('a reset with a wrong token is refused', (t) => {
  given(t, resetRequested)
    .when(command.resetPassword(alice, { tokenHash: otherToken.tokenHash }))
    .thenThrows(InvalidTokenError);
});

test('a reset token works only once', (t) => {
  given(t, [...resetRequested, reset])
    .when(command.resetPassword(alice))
    .thenThrows(InvalidTokenError);
});

test('an expired reset token is refused as expired', (t) => {
  given(t, resetRequested)
    .when(command.resetPassword(alice, { now: resetToken.expiresAt }))
    .thenThrows(InvalidTokenError, /expired/);
});

test('a newer reset link voids the previous one', (t) => {
  given(t, [...resetRequested, passwordResetRequested(alice, otherToken)])
    .when(command.resetPassword(alice))
    .thenThrows(InvalidTokenError);
});

test('a reset without any request is refused', (t) => {
  given(t, activeUser(alice)).when(command.resetPassword(alice)).thenThrows(InvalidTokenError);
});

test('after a reset the count of failed logins starts again', (t) => {
  given(t, [...resetRequested, loginFailed(alice, 1), loginFailed(alice, 2), reset])
    .when(command.logIn(alice, { passwordMatches: false }))
    .then([loginFailed(alice, 1)]);
});

test('a reset with an empty password hash is an invalid command', (t) => {
  given(t, resetRequested)
    .when(command.resetPassword(alice, { passwordHash: '' }))
    .thenThrows(InvalidCommandError);
});

test('the holder changes the password by proving the current one, which signs every session out', (t) => {
  given(t, activeUser(alice))
    .when(command.changePassword(alice))
    .then([changed, sessionsRevoked(alice, 'password-changed')]);
});

test('a wrong current password is refused', (t) => {
  given(t, activeUser(alice))
    .when(command.changePassword(alice, { currentPasswordMatches: false }))
    .thenThrows(InvalidCredentialsError);
});

test('nobody else changes a password, not even an ADMIN', (t) => {
  given(t, activeUser(alice))
    .when(command.changePassword(alice, { actor: anAdmin }))
    .thenThrows(ForbiddenError);
});

test('an anonymous caller cannot change a password', (t) => {
  given(t, activeUser(alice))
    .when(command.changePassword(alice, { actor: null }))
    .thenThrows(ForbiddenError);
});

test('changing the password voids a pending reset link', (t) => {
  given(t, [...resetRequested, changed])
    .when(command.resetPassword(alice))
    .thenThrows(InvalidTokenError);
});

test('the password of a deleted account cannot change', (t) => {
  given(t, [...activeUser(alice), userDeleted(alice)])
    .when(command.changePassword(alice, { actor: actor(alice, 'AUTHENTICATED') }))
    .thenThrows(UserNotFoundError);
});

test('a reset to the account’s own name (address or nickname) is refused, once the token is proved', (t) => {
  given(t, resetRequested)
    .when(command.resetPassword(alice, { newPasswordIsAccountName: true }))
    .thenThrows(InvalidCommandError, /newPassword/);
});

test('with a wrong token the reset is refused for the token, whatever the password: the answer tells no address', (t) => {
  given(t, resetRequested)
    .when(command.resetPassword(alice, { tokenHash: otherToken.tokenHash, newPasswordIsAccountName: true }))
    .thenThrows(InvalidTokenError);
});

test('a change to the account’s own name is refused, after the current password', (t) => {
  given(t, activeUser(alice))
    .when(command.changePassword(alice, { newPasswordIsAccountName: true }))
    .thenThrows(InvalidCommandError, /newPassword/);
  given(t, activeUser(alice))
    .when(command.changePassword(alice, { currentPasswordMatches: false, newPasswordIsAccountName: true }))
    .thenThrows(InvalidCredentialsError);
});
