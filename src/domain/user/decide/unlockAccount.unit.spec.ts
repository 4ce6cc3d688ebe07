import test from 'ava';
import { ForbiddenError, UserNotFoundError } from '../errors.js';
import type { UserEvent } from '../events.js';
import {
  accountLocked,
  accountUnlocked,
  actor,
  activeUser,
  aManager,
  alice,
  anAdmin,
  command,
  given,
  loginFailed,
  minutesAfter,
} from '../testing/index.js';

const lockedAs = (role: 'AUTHENTICATED' | 'ADMIN'): UserEvent[] => [
  ...activeUser(alice, role),
  loginFailed(alice, 3),
  accountLocked(alice, 3, minutesAfter(15)),
];

test('an ADMIN unlocks a locked account', (t) => {
  given(t, lockedAs('AUTHENTICATED'))
    .when(command.unlockAccount(alice, { actor: anAdmin }))
    .then([accountUnlocked(alice, 'admin')]);
});

test('a MANAGER unlocks a locked AUTHENTICATED account', (t) => {
  given(t, lockedAs('AUTHENTICATED'))
    .when(command.unlockAccount(alice, { actor: aManager }))
    .then([accountUnlocked(alice, 'admin')]);
});

test('a MANAGER cannot unlock an ADMIN', (t) => {
  given(t, lockedAs('ADMIN'))
    .when(command.unlockAccount(alice, { actor: aManager }))
    .thenThrows(ForbiddenError);
});

test('an ADMIN unlocks another ADMIN', (t) => {
  given(t, lockedAs('ADMIN'))
    .when(command.unlockAccount(alice, { actor: anAdmin }))
    .then([accountUnlocked(alice, 'admin')]);
});

test('a user cannot unlock their own account', (t) => {
  given(t, lockedAs('AUTHENTICATED'))
    .when(command.unlockAccount(alice, { actor: actor(alice, 'AUTHENTICATED') }))
    .thenThrows(ForbiddenError);
});

test('unlocking an account that is not locked is already done', (t) => {
  given(t, activeUser(alice))
    .when(command.unlockAccount(alice, { actor: anAdmin }))
    .then([]);
});

test('after an unlock the next login succeeds', (t) => {
  given(t, [...lockedAs('AUTHENTICATED'), accountUnlocked(alice, 'admin')])
    .when(command.logIn(alice))
    .then([{ type: 'LoginSucceeded', data: { userId: alice.id } }]);
});

test('after an unlock the count of failures starts again', (t) => {
  given(t, [...lockedAs('AUTHENTICATED'), accountUnlocked(alice, 'admin')])
    .when(command.logIn(alice, { passwordMatches: false }))
    .then([loginFailed(alice, 1)]);
});

test('unlocking an unknown account is refused', (t) => {
  given(t)
    .when(command.unlockAccount(alice, { actor: anAdmin }))
    .thenThrows(UserNotFoundError);
});
