import test from 'ava';
import {
  ForbiddenError,
  InvalidCredentialsError,
  UserAlreadyExistsError,
  UserNotFoundError,
} from '../errors.js';
import { ERASED } from '../personalData.js';
import {
  actor,
  activeUser,
  aManager,
  alice,
  anAdmin,
  command,
  given,
  personalDataErased,
  registered,
  someoneElse,
  stateAfter,
  userDeleted,
} from '../testing/index.js';

const deleted = [...activeUser(alice), userDeleted(alice)];
const erased = [...deleted, personalDataErased(alice)];

test('the holder deletes their own account', (t) => {
  given(t, activeUser(alice))
    .when(command.deleteUser(alice))
    .then([userDeleted(alice)]);
});

test('a MANAGER deletes an AUTHENTICATED account', (t) => {
  given(t, activeUser(alice))
    .when(command.deleteUser(alice, { actor: aManager }))
    .then([userDeleted(alice)]);
});

test('a MANAGER cannot delete an ADMIN', (t) => {
  given(t, activeUser(alice, 'ADMIN'))
    .when(command.deleteUser(alice, { actor: aManager }))
    .thenThrows(ForbiddenError);
});

test('an ADMIN deletes another ADMIN', (t) => {
  given(t, activeUser(alice, 'ADMIN'))
    .when(command.deleteUser(alice, { actor: anAdmin }))
    .then([userDeleted(alice)]);
});

test('another user cannot delete an account', (t) => {
  given(t, activeUser(alice))
    .when(command.deleteUser(alice, { actor: someoneElse }))
    .thenThrows(ForbiddenError);
});

test('deleting twice is already done', (t) => {
  given(t, deleted).when(command.deleteUser(alice)).then([]);
});

test('deleting an unknown account is refused', (t) => {
  given(t).when(command.deleteUser(alice)).thenThrows(UserNotFoundError);
});

test('a deleted account accepts no other command', (t) => {
  given(t, deleted)
    .when(command.updateProfile(alice, { changes: { bio: 'x' } }))
    .thenThrows(UserNotFoundError);
  given(t, deleted)
    .when(command.unlockAccount(alice, { actor: anAdmin }))
    .thenThrows(UserNotFoundError);
  given(t, deleted)
    .when(command.changeRole(alice, { actor: anAdmin }))
    .thenThrows(UserNotFoundError);
});

test('erasing an active account deletes it first', (t) => {
  given(t, activeUser(alice))
    .when(command.erasePersonalData(alice))
    .then([userDeleted(alice), personalDataErased(alice)]);
});

test('erasing a deleted account records only the erasure', (t) => {
  given(t, deleted)
    .when(command.erasePersonalData(alice, { actor: anAdmin }))
    .then([personalDataErased(alice)]);
});

test('erasing twice is already done', (t) => {
  given(t, erased).when(command.erasePersonalData(alice)).then([]);
});

test('a MANAGER cannot erase personal data', (t) => {
  given(t, activeUser(alice))
    .when(command.erasePersonalData(alice, { actor: aManager }))
    .thenThrows(ForbiddenError);
});

test('erasing an unknown account is refused', (t) => {
  given(t)
    .when(command.erasePersonalData(alice, { actor: anAdmin }))
    .thenThrows(UserNotFoundError);
});

test('an erased account is gone for every command', (t) => {
  given(t, erased).when(command.logIn(alice)).thenThrows(UserNotFoundError);
  given(t, erased).when(command.verifyEmail(alice)).thenThrows(UserNotFoundError);
  given(t, erased).when(command.requestPasswordReset(alice)).thenThrows(UserNotFoundError);
  given(t, erased)
    .when(command.changeEmail(alice, { actor: actor(alice, 'AUTHENTICATED') }))
    .thenThrows(UserNotFoundError);
  given(t, erased).when(command.deleteUser(alice)).then([]);
});

test('an erased id cannot be registered again', (t) => {
  given(t, erased).when(command.registerUser(alice)).thenThrows(UserAlreadyExistsError);
});

test('after erasure the personal fields read as erased', (t) => {
  const state = stateAfter([
    registered(alice, { firstName: 'Alice', bio: 'Hi' }),
    userDeleted(alice),
    personalDataErased(alice),
  ]);
  t.like(state, { status: 'erased', email: ERASED, firstName: ERASED, bio: ERASED, lastName: null });
});

test('the holder closes their own account with the current password: deleted and erased at once', (t) => {
  given(t, activeUser(alice))
    .when(command.closeAccount(alice))
    .then([userDeleted(alice), personalDataErased(alice)]);
});

test('closing an account with a wrong current password is refused, and nothing recorded', (t) => {
  given(t, activeUser(alice))
    .when(command.closeAccount(alice, { currentPasswordMatches: false }))
    .thenThrows(InvalidCredentialsError);
});

test('only the holder closes an account, not even an ADMIN', (t) => {
  given(t, activeUser(alice))
    .when(command.closeAccount(alice, { actor: anAdmin }))
    .thenThrows(ForbiddenError);
  given(t, activeUser(alice))
    .when(command.closeAccount(alice, { actor: someoneElse }))
    .thenThrows(ForbiddenError);
});

test('a closed, deleted or unknown account cannot be closed', (t) => {
  given(t, deleted).when(command.closeAccount(alice)).thenThrows(UserNotFoundError);
  given(t, erased).when(command.closeAccount(alice)).thenThrows(UserNotFoundError);
  given(t).when(command.closeAccount(alice)).thenThrows(UserNotFoundError);
});
