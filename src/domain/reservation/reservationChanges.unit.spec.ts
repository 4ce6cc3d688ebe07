import test from 'ava';
import type { UserEvent } from '../user/events.js';
import {
  activeUser,
  alice,
  personalDataErased,
  registered,
  stateAfter,
  userDeleted,
} from '../user/testing/index.js';
import { reservationChangesFor } from './reservationChanges.js';

const none = { reserve: [], release: [] };
const email = (key: string) => ({ kind: 'email' as const, key });
const nickname = (key: string) => ({ kind: 'nickname' as const, key });
const emailChanged = (to: string): UserEvent => ({
  type: 'EmailChanged',
  data: { userId: alice.id, email: to, previousEmail: alice.email, emailVerified: false },
});
const nicknameChanged = (to: string): UserEvent => ({
  type: 'ProfileUpdated',
  data: { userId: alice.id, changes: { nickname: to } },
});
const active = stateAfter(activeUser(alice));

test('a registration claims its email and nickname', (t) => {
  t.deepEqual(reservationChangesFor({ status: 'none' }, [registered(alice)]), {
    reserve: [email('alice@example.com'), nickname('alice')],
    release: [],
  });
});

test('an email change claims the new address and frees the old one', (t) => {
  t.deepEqual(reservationChangesFor(active, [emailChanged('new@example.com')]), {
    reserve: [email('new@example.com')],
    release: [email('alice@example.com')],
  });
});

test('a nickname change claims the new nickname and frees the old one', (t) => {
  t.deepEqual(reservationChangesFor(active, [nicknameChanged('Alicia')]), {
    reserve: [nickname('alicia')],
    release: [nickname('alice')],
  });
});

test('a change of case only keeps the same keys', (t) => {
  t.deepEqual(reservationChangesFor(active, [nicknameChanged('ALICE')]), none);
});

test('a profile update without a nickname touches no key', (t) => {
  const bio: UserEvent = { type: 'ProfileUpdated', data: { userId: alice.id, changes: { bio: 'hi' } } };
  t.deepEqual(reservationChangesFor(active, [bio]), none);
});

test('a deletion frees both keys', (t) => {
  t.deepEqual(reservationChangesFor(active, [userDeleted(alice)]), {
    reserve: [],
    release: [email('alice@example.com'), nickname('alice')],
  });
});

test('an erasure frees nothing more than the deletion before it', (t) => {
  const changes = reservationChangesFor(active, [userDeleted(alice), personalDataErased(alice)]);
  t.is(changes.release.length, 2);
  t.deepEqual(
    reservationChangesFor(stateAfter([...activeUser(alice), userDeleted(alice)]), [
      personalDataErased(alice),
    ]),
    none,
  );
});
