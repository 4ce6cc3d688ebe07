import test from 'ava';
import { alice, emailVerified, personalDataErased, registered } from '../../domain/user/testing/index.js';
import { toEnvelope } from '../../eventFeed/index.js';
import { recorded } from '../../eventFeed/testing.js';
import { relayMessagesFor } from './relayMessages.js';

const internal = { personal: true };
const plain = { topic: 'user-events', seedTopics: false };

test('one record per event: keyed by user id, the envelope as value, type, version and id as headers', (t) => {
  const envelope = toEnvelope(recorded(registered(alice)), internal);
  const [message, ...others] = relayMessagesFor(envelope, plain);
  t.deepEqual(others, []);
  t.deepEqual(message, {
    topic: 'user-events',
    key: alice.id,
    value: JSON.stringify(envelope),
    headers: { 'event-type': 'UserRegistered', 'schema-version': '1', 'event-id': envelope.eventId },
  });
});

test('the internal topic carries personal fields but never the password hash', (t) => {
  const [message] = relayMessagesFor(toEnvelope(recorded(registered(alice)), internal), plain);
  t.true(message!.value!.includes(alice.email));
  t.false(message!.value!.includes('$argon2id$'));
});

test('erasure is followed by a tombstone for the same key', (t) => {
  const messages = relayMessagesFor(toEnvelope(recorded(personalDataErased(alice)), internal), plain);
  t.deepEqual(
    messages.map(({ topic, key, value }) => ({ topic, key, isTombstone: value === null })),
    [
      { topic: 'user-events', key: alice.id, isTombstone: false },
      { topic: 'user-events', key: alice.id, isTombstone: true },
    ],
  );
});

test('with seed topics on, the legacy records follow the envelope under the same key', (t) => {
  const messages = relayMessagesFor(toEnvelope(recorded(emailVerified(alice)), internal), {
    ...plain,
    seedTopics: true,
  });
  t.deepEqual(
    messages.map(({ topic, key }) => [topic, key]),
    [
      ['user-events', alice.id],
      ['user-verification-events', alice.id],
    ],
  );
});

test('events of other streams become no record', (t) => {
  const envelope = { ...toEnvelope(recorded(emailVerified(alice)), internal), streamId: 'roster-admins' };
  t.deepEqual(relayMessagesFor(envelope, plain), []);
});
