import test from 'ava';
import { alice, registered, userDeleted } from '../domain/user/testing/index.js';
import { userStream } from '../domain/index.js';
import { emptyTimeline, foldTimeline, step } from './accountTimeline.js';
import { minute, recordedStream } from './testing/recordedStream.js';

const signedIn = { type: 'LoginSucceeded', data: { userId: alice.id } };
const bioChanged = { type: 'ProfileUpdated', data: { userId: alice.id, changes: { bio: 'Hi' } } };

test('the timeline keeps when the account was created, last changed and last signed in', (t) => {
  const events = recordedStream(userStream(alice.id), [registered(alice), signedIn, bioChanged]);
  t.like(foldTimeline(events), {
    revision: 2n,
    createdAt: minute(0).toISOString(),
    updatedAt: minute(2).toISOString(),
    lastLoginAt: minute(1).toISOString(),
    state: { status: 'active', bio: 'Hi' },
  });
});

test('a deleted account stays readable, with its deletion as the last change', (t) => {
  const events = recordedStream(userStream(alice.id), [registered(alice), userDeleted(alice)]);
  t.like(foldTimeline(events), {
    state: { status: 'deleted', email: alice.email },
    updatedAt: minute(1).toISOString(),
  });
});

test('an event that does not parse leaves the state as it was and is reported as unreadable', (t) => {
  const [first, unknown] = recordedStream(userStream(alice.id), [
    registered(alice),
    { type: 'SomethingFromTheFuture', data: { userId: alice.id } },
  ]);
  const registeredTimeline = step(emptyTimeline, first!).after;
  const made = step(registeredTimeline, unknown!);
  t.is(made.event, null);
  t.is(made.after.state, registeredTimeline.state);
  t.is(made.after.revision, 1n);
});

test('events before a registration leave the account without a creation time', (t) => {
  const events = recordedStream(userStream(alice.id), [signedIn]);
  t.like(foldTimeline(events), { state: { status: 'none' }, createdAt: null, updatedAt: null });
});
