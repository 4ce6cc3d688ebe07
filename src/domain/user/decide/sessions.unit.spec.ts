import test from 'ava';
import { ForbiddenError, UserNotFoundError } from '../errors.js';
import { evolve } from '../state.js';
import {
  actor,
  activeUser,
  alice,
  anAdmin,
  bob,
  command,
  given,
  minutesAfter,
  SESSION_ID,
  sessionEnded,
  sessionsRevoked,
  userDeleted,
} from '../testing/index.js';

test('the holder signs the account out everywhere', (t) => {
  given(t, activeUser(alice))
    .when(command.revokeSessions(alice))
    .then([sessionsRevoked(alice, 'sign-out')]);
});

test('staff sign an account out', (t) => {
  given(t, activeUser(alice))
    .when(command.revokeSessions(alice, { actor: anAdmin }))
    .then([sessionsRevoked(alice, 'admin')]);
  given(t, activeUser(alice))
    .when(command.revokeSessions(alice, { actor: actor(bob, 'MANAGER') }))
    .then([sessionsRevoked(alice, 'admin')]);
});

test('only an ADMIN signs an ADMIN out', (t) => {
  given(t, activeUser(alice, 'ADMIN'))
    .when(command.revokeSessions(alice, { actor: actor(bob, 'MANAGER') }))
    .thenThrows(ForbiddenError);
});

test('another user, or nobody, cannot sign an account out', (t) => {
  given(t, activeUser(alice))
    .when(command.revokeSessions(alice, { actor: actor(bob, 'AUTHENTICATED') }))
    .thenThrows(ForbiddenError);
  given(t, activeUser(alice))
    .when(command.revokeSessions(alice, { actor: null }))
    .thenThrows(ForbiddenError);
});

test('a spent refresh token seen again signs the account out, whoever presents it', (t) => {
  given(t, activeUser(alice))
    .when(command.revokeSessions(alice, { actor: null, refreshTokenReused: true }))
    .then([sessionsRevoked(alice, 'refresh-token-reuse')]);
});

test('a deleted account has no sessions to revoke', (t) => {
  given(t, [...activeUser(alice), userDeleted(alice)])
    .when(command.revokeSessions(alice))
    .thenThrows(UserNotFoundError);
});

test('each revocation moves the session generation on, from 0', (t) => {
  const history = [
    ...activeUser(alice),
    sessionsRevoked(alice, 'sign-out'),
    sessionsRevoked(alice, 'password-changed'),
  ];
  const generations = history
    .map((_, count) => history.slice(0, count + 1).reduce(evolve, { status: 'none' }))
    .map((state) => (state.status === 'none' ? null : state.sessionGeneration));
  t.deepEqual(generations.slice(-3), [0, 1, 2]);
});

test('the holder signs one session out, to be remembered until its access tokens expire', (t) => {
  given(t, activeUser(alice))
    .when(command.endSession(alice))
    .then([sessionEnded(alice, SESSION_ID, 'sign-out', minutesAfter(30))]);
});

test("staff sign one of an account's sessions out; another user, or nobody, cannot", (t) => {
  given(t, activeUser(alice))
    .when(command.endSession(alice, { actor: anAdmin }))
    .then([sessionEnded(alice, SESSION_ID, 'admin', minutesAfter(30))]);
  given(t, activeUser(alice))
    .when(command.endSession(alice, { actor: actor(bob, 'AUTHENTICATED') }))
    .thenThrows(ForbiddenError);
  given(t, activeUser(alice))
    .when(command.endSession(alice, { actor: null }))
    .thenThrows(ForbiddenError);
});

test('a deleted account has no session to sign out', (t) => {
  given(t, [...activeUser(alice), userDeleted(alice)])
    .when(command.endSession(alice))
    .thenThrows(UserNotFoundError);
});

test('one session signed out leaves the session generation, and every other session, as it was', (t) => {
  const before = activeUser(alice).reduce(evolve, { status: 'none' });
  const after = evolve(before, sessionEnded(alice, SESSION_ID, 'sign-out', minutesAfter(30)));
  t.deepEqual(after, before);
});

test('a session id in capitals is recorded as tokens carry it, in lower case', (t) => {
  given(t, activeUser(alice))
    .when(command.endSession(alice, { sessionId: SESSION_ID.toUpperCase() }))
    .then([sessionEnded(alice, SESSION_ID, 'sign-out', minutesAfter(30))]);
});
