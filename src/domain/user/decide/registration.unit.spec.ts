import test from 'ava';
import { ForbiddenError, InvalidCommandError, UserAlreadyExistsError } from '../errors.js';
import {
  aManager,
  alice,
  anAdmin,
  command,
  given,
  registered,
  someoneElse,
  verificationRequested,
} from '../testing/index.js';

test('a self-registered user starts ANONYMOUS and unverified, with a verification link requested', (t) => {
  given(t)
    .when(command.registerUser(alice))
    .then([registered(alice), verificationRequested(alice)]);
});

test('the very first user becomes a verified ADMIN and needs no link', (t) => {
  given(t)
    .when(command.registerUser(alice, { isFirstUser: true }))
    .then([registered(alice, { role: 'ADMIN', emailVerified: true })]);
});

test('optional profile fields are recorded and absent ones are null', (t) => {
  given(t)
    .when(command.registerUser(alice, { firstName: 'Alice', githubProfileUrl: 'https://github.com/alice' }))
    .then([
      registered(alice, { firstName: 'Alice', githubProfileUrl: 'https://github.com/alice' }),
      verificationRequested(alice),
    ]);
});

test('the email is trimmed and lower-cased before it is recorded', (t) => {
  given(t)
    .when(command.registerUser(alice, { email: '  Alice@Example.COM ' }))
    .then([registered(alice), verificationRequested(alice)]);
});

test('registering an id that already exists is refused', (t) => {
  given(t, [registered(alice)])
    .when(command.registerUser(alice))
    .thenThrows(UserAlreadyExistsError);
});

test('an invalid email address is refused as an invalid command', (t) => {
  given(t)
    .when(command.registerUser(alice, { email: 'not-an-email' }))
    .thenThrows(InvalidCommandError, /email/);
});

test('a nickname with spaces is refused', (t) => {
  given(t)
    .when(command.registerUser(alice, { nickname: 'al ice' }))
    .thenThrows(InvalidCommandError);
});

test('a profile URL must be http or https', (t) => {
  given(t)
    .when(command.registerUser(alice, { profilePictureUrl: 'javascript:alert(1)' }))
    .thenThrows(InvalidCommandError, /profilePictureUrl/);
});

test('a verification token needs a real hash and a valid expiry date', (t) => {
  given(t)
    .when(command.registerUser(alice, { verification: { tokenHash: 'short', expiresAt: new Date(NaN) } }))
    .thenThrows(InvalidCommandError);
});

test('an account created by a MANAGER is AUTHENTICATED and unverified', (t) => {
  given(t)
    .when(command.createUser(alice, { actor: aManager }))
    .then([
      registered(alice, { role: 'AUTHENTICATED', registeredVia: 'admin' }),
      verificationRequested(alice),
    ]);
});

test('an ADMIN chooses the role of a created account', (t) => {
  given(t)
    .when(command.createUser(alice, { actor: anAdmin, role: 'MANAGER' }))
    .then([registered(alice, { role: 'MANAGER', registeredVia: 'admin' }), verificationRequested(alice)]);
});

test('a MANAGER cannot create an ADMIN', (t) => {
  given(t)
    .when(command.createUser(alice, { actor: aManager, role: 'ADMIN' }))
    .thenThrows(ForbiddenError);
});

test('a MANAGER cannot choose a role other than the default', (t) => {
  given(t)
    .when(command.createUser(alice, { actor: aManager, role: 'MANAGER' }))
    .thenThrows(ForbiddenError);
});

test('a MANAGER may name the default role explicitly', (t) => {
  given(t)
    .when(command.createUser(alice, { actor: aManager, role: 'AUTHENTICATED' }))
    .then([
      registered(alice, { role: 'AUTHENTICATED', registeredVia: 'admin' }),
      verificationRequested(alice),
    ]);
});

test('staff may vouch for the address of a created account, so no link is sent', (t) => {
  given(t)
    .when(command.createUser(alice, { actor: aManager, markVerified: true }))
    .then([registered(alice, { role: 'AUTHENTICATED', registeredVia: 'admin', emailVerified: true })]);
});

test('an AUTHENTICATED user cannot create accounts', (t) => {
  given(t)
    .when(command.createUser(alice, { actor: someoneElse }))
    .thenThrows(ForbiddenError);
});

test('an anonymous caller cannot create accounts', (t) => {
  given(t)
    .when(command.createUser(alice, { actor: null }))
    .thenThrows(ForbiddenError);
});

test('creating an account over an existing id is refused', (t) => {
  given(t, [registered(alice)])
    .when(command.createUser(alice, { actor: anAdmin }))
    .thenThrows(UserAlreadyExistsError);
});
