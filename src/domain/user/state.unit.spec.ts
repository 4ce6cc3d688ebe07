import test from 'ava';
import type { UserEvent } from './events.js';
import { ERASED, mapPersonalFields } from './personalData.js';
import { evolve, initialState } from './state.js';
import {
  accountLocked,
  activeUser,
  alice,
  emailVerified,
  loginFailed,
  personalDataErased,
  registered,
  stateAfter,
  userDeleted,
} from './testing/index.js';

test('events before the registration leave the state empty', (t) => {
  t.deepEqual(stateAfter([emailVerified(alice), userDeleted(alice)]), initialState);
});

test('a second registration changes nothing', (t) => {
  const first = stateAfter([registered(alice)]);
  t.deepEqual(evolve(first, registered(alice, { role: 'ADMIN', email: 'other@example.com' })), first);
});

test('an event type from a newer release is skipped', (t) => {
  const state = stateAfter(activeUser(alice));
  t.is(evolve(state, { type: 'SomethingNew', data: {} } as unknown as UserEvent), state);
});

test('a registration starts unlocked, without failures and not professional', (t) => {
  t.like(stateAfter([registered(alice)]), {
    status: 'active',
    failedAttempts: 0,
    locked: false,
    lockedUntil: null,
    isProfessional: false,
    pendingReset: null,
  });
});

test('a lock records its end and the failures that caused it', (t) => {
  const lockedUntil = '2030-01-01T12:15:00.000Z';
  const state = stateAfter([
    ...activeUser(alice),
    loginFailed(alice, 3),
    accountLocked(alice, 3, new Date(lockedUntil)),
  ]);
  t.like(state, { locked: true, lockedUntil, failedAttempts: 3 });
});

test('replaying a shredded history reads the same as erasing it', (t) => {
  const history: UserEvent[] = [
    registered(alice, { firstName: 'Alice', linkedinProfileUrl: 'https://linkedin.com/in/alice' }),
    { type: 'ProfileUpdated', data: { userId: alice.id, changes: { bio: 'Hi', lastName: null } } },
    {
      type: 'EmailChanged',
      data: { userId: alice.id, email: 'a@b.io', previousEmail: alice.email, emailVerified: true },
    },
    userDeleted(alice),
    personalDataErased(alice),
  ];
  const shredded = history.map(
    (event) => ({ ...event, data: mapPersonalFields(event.type, event.data, () => ERASED) }) as UserEvent,
  );
  t.deepEqual(stateAfter(shredded), stateAfter(history));
});
