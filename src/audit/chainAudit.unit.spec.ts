import test from 'ava';
import { alice, registered } from '../domain/user/testing/index.js';
import { checkHead, checkStream, extendChain, startChain } from './chainAudit.js';
import { recordedStream } from './testing/recordedStream.js';

const signedIn = { type: 'LoginSucceeded', data: { userId: alice.id } };
const stream = recordedStream('user-a', [registered(alice), signedIn, signedIn, signedIn]);

test('an untouched stream checks out, counting its events', (t) => {
  t.like(checkStream('user-a', stream, 3n), { events: 4, broken: null, lastRevision: 3n });
});

test('an edited payload breaks the chain at exactly that event', (t) => {
  const edited = stream.map((event) =>
    event.revision === 2n ? { ...event, data: { ...event.data, forged: true } } : event,
  );
  t.deepEqual(checkStream('user-a', edited, 3n).broken, {
    streamId: 'user-a',
    revision: 2n,
    eventId: stream[2]!.eventId,
    reason: 'hash-mismatch',
  });
});

test('a removed event is reported at the revision after the gap', (t) => {
  const withoutOne = stream.filter((event) => event.revision !== 1n);
  t.like(checkStream('user-a', withoutOne, 3n).broken, { revision: 2n, reason: 'revision-gap' });
});

test('removed newest events show against the head, which the chain alone cannot see', (t) => {
  t.deepEqual(checkStream('user-a', stream.slice(0, 2), 3n).broken, {
    streamId: 'user-a',
    revision: 2n,
    eventId: null,
    reason: 'missing-events',
  });
});

test('a stream checked in pieces gives the same answer as in one go', (t) => {
  const firstHalf = stream.slice(0, 2).reduce(extendChain, startChain('user-a'));
  const whole = checkHead(stream.slice(2).reduce(extendChain, firstHalf), 3n);
  t.deepEqual(whole, checkStream('user-a', stream, 3n));
});

test('events after the first break are counted but not checked again', (t) => {
  const edited = stream.map((event) => (event.revision === 1n ? { ...event, type: 'Forged' } : event));
  t.like(checkStream('user-a', edited, 3n), { events: 4, broken: { revision: 1n } });
});
