import test from 'ava';
import { InvalidEventError } from './errors.js';
import { isUserEventType, parseUserEvent, userEventCatalogue, userEventTypes } from './events.js';
import { ERASED } from './personalData.js';
import {
  accountLocked,
  activeUser,
  alice,
  loginFailed,
  passwordResetRequested,
  resetToken,
} from './testing/index.js';

test('every event type is catalogued at schema version 1', (t) => {
  t.is(userEventTypes.length, 18);
  for (const type of userEventTypes) t.is(userEventCatalogue[type].version, 1);
});

test('the events the decider emits parse back as themselves', (t) => {
  const events = [
    ...activeUser(alice, 'MANAGER'),
    loginFailed(alice, 1),
    accountLocked(alice, 1, null),
    passwordResetRequested(alice, resetToken),
  ];
  for (const event of events) t.deepEqual(parseUserEvent(event.type, event.data), event);
});

test('an unknown event type is refused', (t) => {
  t.false(isUserEventType('UserTeleported'));
  t.throws(() => parseUserEvent('UserTeleported', {}), { instanceOf: InvalidEventError });
});

test('a malformed payload is refused with the bad field named', (t) => {
  const error = t.throws(() => parseUserEvent('LoginFailed', { userId: alice.id, failedAttempts: 'one' }), {
    instanceOf: InvalidEventError,
  });
  t.regex(error?.message ?? '', /failedAttempts/);
});

test('personal fields accept the erased marker', (t) => {
  const data = { userId: alice.id, email: ERASED, previousEmail: ERASED, emailVerified: false };
  t.notThrows(() => parseUserEvent('EmailChanged', data));
});

test('a personal field is otherwise checked for its format', (t) => {
  const data = { userId: alice.id, email: 'nope', previousEmail: alice.email, emailVerified: false };
  t.throws(() => parseUserEvent('EmailChanged', data), { instanceOf: InvalidEventError });
});
