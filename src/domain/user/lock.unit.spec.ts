import test from 'ava';
import { lockHolds } from './lock.js';

const now = new Date('2030-01-01T12:00:00.000Z');

test('an account that is not locked is not held, whatever its lockedUntil says', (t) => {
  t.false(lockHolds({ locked: false, lockedUntil: null }, now));
  t.false(lockHolds({ locked: false, lockedUntil: '2030-01-01T12:15:00.000Z' }, now));
});

test('a lock without an end holds', (t) => {
  t.true(lockHolds({ locked: true, lockedUntil: null }, now));
});

test('a lock with an end holds until that instant, and from that instant on no longer', (t) => {
  t.true(lockHolds({ locked: true, lockedUntil: '2030-01-01T12:00:00.001Z' }, now));
  t.false(lockHolds({ locked: true, lockedUntil: '2030-01-01T12:00:00.000Z' }, now));
  t.false(lockHolds({ locked: true, lockedUntil: '2030-01-01T11:59:59.999Z' }, now));
});
