import test from 'ava';
import { deciderSpec } from '../shared/deciderSpec.js';
import {
  alice,
  bob,
  personalDataErased,
  registered,
  roleChanged,
  userDeleted,
} from '../user/testing/index.js';
import { adminRosterDecider, rosterEventsFor } from './decide.js';
import { LastAdminError } from './errors.js';
import type { AdminRosterEvent } from './events.js';
import { parseAdminRosterEvent } from './events.js';
import type { AdminRoster } from './state.js';
import { initialAdminRoster, isFirstUser } from './state.js';

const given = deciderSpec(adminRosterDecider);
const appointed = (userId: string): AdminRosterEvent => ({ type: 'AdminAppointed', data: { userId } });
const dismissed = (userId: string): AdminRosterEvent => ({ type: 'AdminDismissed', data: { userId } });
const roster = (...admins: string[]): AdminRoster => ({ exists: true, admins });

test('appointing a new ADMIN is recorded', (t) => {
  given(t)
    .when({ type: 'AppointAdmin', userId: alice.id })
    .then([appointed(alice.id)]);
});

test('appointing an ADMIN twice is already done', (t) => {
  given(t, [appointed(alice.id)])
    .when({ type: 'AppointAdmin', userId: alice.id })
    .then([]);
});

test('dismissing one of two ADMINs is recorded', (t) => {
  given(t, [appointed(alice.id), appointed(bob.id)])
    .when({ type: 'DismissAdmin', userId: alice.id })
    .then([dismissed(alice.id)]);
});

test('dismissing the last ADMIN is refused', (t) => {
  given(t, [appointed(alice.id)])
    .when({ type: 'DismissAdmin', userId: alice.id })
    .thenThrows(LastAdminError);
});

test('dismissing someone who is not an ADMIN is already done', (t) => {
  given(t, [appointed(alice.id)])
    .when({ type: 'DismissAdmin', userId: bob.id })
    .then([]);
});

test('the first user is the one who finds no roster', (t) => {
  t.true(isFirstUser(initialAdminRoster));
  t.false(isFirstUser(roster(alice.id)));
});

test('registering as ADMIN appoints, and so creates the roster', (t) => {
  const events = rosterEventsFor(initialAdminRoster, alice.id, [registered(alice, { role: 'ADMIN' })]);
  t.deepEqual(events, [appointed(alice.id)]);
});

test('registering with any other role implies nothing', (t) => {
  t.deepEqual(rosterEventsFor(roster(bob.id), alice.id, [registered(alice)]), []);
});

test('a promotion to ADMIN appoints', (t) => {
  t.deepEqual(rosterEventsFor(roster(bob.id), alice.id, [roleChanged(alice, 'MANAGER', 'ADMIN')]), [
    appointed(alice.id),
  ]);
});

test('a demotion from ADMIN dismisses', (t) => {
  t.deepEqual(rosterEventsFor(roster(alice.id, bob.id), alice.id, [roleChanged(alice, 'ADMIN', 'MANAGER')]), [
    dismissed(alice.id),
  ]);
});

test('demoting the last ADMIN is refused', (t) => {
  t.throws(() => rosterEventsFor(roster(alice.id), alice.id, [roleChanged(alice, 'ADMIN', 'MANAGER')]), {
    instanceOf: LastAdminError,
  });
});

test('deleting an ADMIN dismisses', (t) => {
  t.deepEqual(rosterEventsFor(roster(alice.id, bob.id), alice.id, [userDeleted(alice)]), [
    dismissed(alice.id),
  ]);
});

test('deleting the last ADMIN is refused', (t) => {
  t.throws(() => rosterEventsFor(roster(alice.id), alice.id, [userDeleted(alice)]), {
    instanceOf: LastAdminError,
  });
});

test('erasing an ADMIN dismisses once', (t) => {
  const events = rosterEventsFor(roster(alice.id, bob.id), alice.id, [
    userDeleted(alice),
    personalDataErased(alice),
  ]);
  t.deepEqual(events, [dismissed(alice.id)]);
});

test('deleting someone who is not an ADMIN implies nothing', (t) => {
  t.deepEqual(rosterEventsFor(roster(bob.id), alice.id, [userDeleted(alice)]), []);
});

test('roster events are validated when read', (t) => {
  t.deepEqual(parseAdminRosterEvent('AdminAppointed', { userId: alice.id }), appointed(alice.id));
  t.throws(() => parseAdminRosterEvent('AdminAppointed', { userId: 'x' }));
  t.throws(() => parseAdminRosterEvent('AdminCrowned', { userId: alice.id }));
});
