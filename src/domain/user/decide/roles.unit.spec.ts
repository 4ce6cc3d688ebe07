import test from 'ava';
import { ForbiddenError, InvalidCommandError, UserNotFoundError } from '../errors.js';
import type { UserEvent } from '../events.js';
import type { Role } from '../values.js';
import {
  actor,
  activeUser,
  aManager,
  alice,
  anAdmin,
  command,
  given,
  NOW,
  roleChanged,
} from '../testing/index.js';

const professional = (isProfessional: boolean): UserEvent => ({
  type: 'ProfessionalStatusChanged',
  data: { userId: alice.id, isProfessional, changedAt: NOW.toISOString() },
});
const changeRole = (newRole: Role, who = actor(alice, 'AUTHENTICATED')) =>
  command.changeRole(alice, { newRole, actor: who });

test('an ADMIN makes a user MANAGER', (t) => {
  given(t, activeUser(alice))
    .when(changeRole('MANAGER', anAdmin))
    .then([roleChanged(alice, 'AUTHENTICATED', 'MANAGER')]);
});

test('an ADMIN makes a user ADMIN', (t) => {
  given(t, activeUser(alice))
    .when(changeRole('ADMIN', anAdmin))
    .then([roleChanged(alice, 'AUTHENTICATED', 'ADMIN')]);
});

test('an ADMIN demotes another ADMIN', (t) => {
  given(t, activeUser(alice, 'ADMIN'))
    .when(changeRole('AUTHENTICATED', anAdmin))
    .then([roleChanged(alice, 'ADMIN', 'AUTHENTICATED')]);
});

test('a MANAGER cannot change roles', (t) => {
  given(t, activeUser(alice)).when(changeRole('ANONYMOUS', aManager)).thenThrows(ForbiddenError);
});

test('a MANAGER cannot promote anyone to ADMIN', (t) => {
  given(t, activeUser(alice)).when(changeRole('ADMIN', aManager)).thenThrows(ForbiddenError);
});

test('a user cannot change their own role', (t) => {
  given(t, activeUser(alice)).when(changeRole('ADMIN')).thenThrows(ForbiddenError);
});

test('giving the role a user already has is already done', (t) => {
  given(t, activeUser(alice, 'MANAGER')).when(changeRole('MANAGER', anAdmin)).then([]);
});

test('a role outside the four is an invalid command', (t) => {
  given(t, activeUser(alice))
    .when(changeRole('ROOT' as Role, anAdmin))
    .thenThrows(InvalidCommandError, /newRole/);
});

test('changing the role of an unknown account is refused', (t) => {
  given(t).when(changeRole('MANAGER', anAdmin)).thenThrows(UserNotFoundError);
});

test('staff grant professional status, stamped with the time', (t) => {
  given(t, activeUser(alice))
    .when(command.setProfessionalStatus(alice, { actor: aManager }))
    .then([professional(true)]);
});

test('staff withdraw professional status', (t) => {
  given(t, [...activeUser(alice), professional(true)])
    .when(command.setProfessionalStatus(alice, { actor: anAdmin, isProfessional: false }))
    .then([professional(false)]);
});

test('granting professional status twice is already done', (t) => {
  given(t, [...activeUser(alice), professional(true)])
    .when(command.setProfessionalStatus(alice, { actor: anAdmin }))
    .then([]);
});

test('a user cannot grant themselves professional status', (t) => {
  given(t, activeUser(alice)).when(command.setProfessionalStatus(alice)).thenThrows(ForbiddenError);
});

test('a MANAGER cannot set the professional status of an ADMIN', (t) => {
  given(t, activeUser(alice, 'ADMIN'))
    .when(command.setProfessionalStatus(alice, { actor: aManager }))
    .thenThrows(ForbiddenError);
});

test('setting professional status on an unknown account is refused', (t) => {
  given(t)
    .when(command.setProfessionalStatus(alice, { actor: anAdmin }))
    .thenThrows(UserNotFoundError);
});
