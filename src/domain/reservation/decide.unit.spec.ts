import test from 'ava';
import { deciderSpec } from '../shared/deciderSpec.js';
import { alice, bob, NOW, minutesAfter } from '../user/testing/index.js';
import type { ReserveKey } from './decide.js';
import { reservationDecider } from './decide.js';
import { EmailTakenError, NicknameTakenError } from './errors.js';
import type { ReservationEvent } from './events.js';
import { parseReservationEvent } from './events.js';
import { emailReservationStream, nicknameReservationStream, reservationKey } from './streams.js';

const given = deciderSpec(reservationDecider);
const reserved = (ownerId: string, at = NOW): ReservationEvent => ({
  type: 'KeyReserved',
  data: { ownerId, reservedAt: at.toISOString() },
});
const released = (ownerId: string): ReservationEvent => ({ type: 'KeyReleased', data: { ownerId } });
const reserve = (ownerId: string, overrides: Partial<ReserveKey> = {}): ReserveKey => ({
  type: 'ReserveKey',
  kind: 'email',
  ownerId,
  currentOwnerExists: true,
  now: NOW,
  ...overrides,
});
const heldByAliceEarlier = [reserved(alice.id, minutesAfter(-5))];

test('a free key is reserved', (t) => {
  given(t)
    .when(reserve(alice.id))
    .then([reserved(alice.id)]);
});

test('reserving a key one already holds is already done', (t) => {
  given(t, heldByAliceEarlier).when(reserve(alice.id)).then([]);
});

test('an email held by an existing account is taken', (t) => {
  given(t, heldByAliceEarlier).when(reserve(bob.id)).thenThrows(EmailTakenError);
});

test('a nickname held by an existing account is taken', (t) => {
  given(t, heldByAliceEarlier)
    .when(reserve(bob.id, { kind: 'nickname' }))
    .thenThrows(NicknameTakenError);
});

test('a key whose holder never came into existence is taken over', (t) => {
  given(t, heldByAliceEarlier)
    .when(reserve(bob.id, { currentOwnerExists: false }))
    .then([released(alice.id), reserved(bob.id)]);
});

test('a key whose holder is still registering stays taken for a minute', (t) => {
  given(t, [reserved(alice.id, minutesAfter(-0.5))])
    .when(reserve(bob.id, { currentOwnerExists: false }))
    .thenThrows(EmailTakenError);
});

test('a released key can be reserved by someone else', (t) => {
  given(t, [...heldByAliceEarlier, released(alice.id)])
    .when(reserve(bob.id))
    .then([reserved(bob.id)]);
});

test('the holder releases a key', (t) => {
  given(t, heldByAliceEarlier)
    .when({ type: 'ReleaseKey', ownerId: alice.id })
    .then([released(alice.id)]);
});

test('releasing a key someone else holds is already done', (t) => {
  given(t, heldByAliceEarlier).when({ type: 'ReleaseKey', ownerId: bob.id }).then([]);
});

test('releasing a free key is already done', (t) => {
  given(t).when({ type: 'ReleaseKey', ownerId: alice.id }).then([]);
});

test('reservation streams are named per kind after the key hash', (t) => {
  t.is(emailReservationStream('ab12'), 'emailreservation-ab12');
  t.is(nicknameReservationStream('ab12'), 'nicknamereservation-ab12');
});

test('keys ignore case and padding', (t) => {
  t.is(reservationKey('email', ' Alice@Example.com '), 'alice@example.com');
  t.is(reservationKey('nickname', 'Alice'), reservationKey('nickname', 'alice'));
});

test('reservation events are validated when read', (t) => {
  t.deepEqual(parseReservationEvent('KeyReleased', { ownerId: alice.id }), released(alice.id));
  t.throws(() => parseReservationEvent('KeyReserved', { ownerId: alice.id }));
  t.throws(() => parseReservationEvent('KeyStolen', { ownerId: alice.id }));
});
