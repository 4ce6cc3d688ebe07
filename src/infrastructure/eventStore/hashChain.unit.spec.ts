import test from 'ava';
import { newEvent } from './eventStore.contract.js';
import type { RecordedEvent } from './eventStore.js';
import { canonicalJson, chainHash, GENESIS_HASH, verifyChain } from './hashChain.js';

test('canonical JSON sorts keys at every depth and drops undefined members', (t) => {
  t.is(
    canonicalJson({ b: 1, a: { d: [true, null, 'x'], c: undefined, e: 2.5 }, big: 10n }),
    '{"a":{"d":[true,null,"x"],"e":2.5},"b":1,"big":10}',
  );
});

test('canonical JSON does not depend on the order keys were written in', (t) => {
  t.is(canonicalJson({ x: 1, y: { q: 2, p: 3 } }), canonicalJson({ y: { p: 3, q: 2 }, x: 1 }));
});

test('a chain verifies, and the first changed or missing event is where it breaks', (t) => {
  const events = chain('user-1', 4);

  const edited = events.map((event) => (event.revision === 2n ? { ...event, type: 'Forged' } : event));
  const withoutOne = events.filter((event) => event.revision !== 1n);

  t.is(verifyChain(events), null);
  t.like(verifyChain(edited), { revision: 2n, reason: 'hash-mismatch' });
  t.like(verifyChain(withoutOne), { revision: 2n, reason: 'revision-gap' });
  t.like(verifyChain(events.slice(1)), { revision: 1n, reason: 'hash-mismatch' });
  t.is(verifyChain(events.slice(2), events[1]!.hash), null);
});

function chain(streamId: string, length: number): RecordedEvent[] {
  let previous = GENESIS_HASH;
  return Array.from({ length }, (_, index) => {
    const event = {
      ...newEvent('Counted', { index }),
      streamId,
      revision: BigInt(index),
      position: BigInt(index + 1),
      recordedAt: new Date(Date.UTC(2030, 0, 1, 0, index)),
    };
    previous = chainHash(previous, event);
    return { ...event, hash: previous };
  });
}
