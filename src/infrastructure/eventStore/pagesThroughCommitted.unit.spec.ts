import test from 'ava';
import { recordedEventAt as eventAt } from './testing/recordedEventAt.js';
import type { ReadAllOptions, RecordedEvent } from './eventStore.js';
import { eventsThroughCommitted, HeldBackError } from './pagesThroughCommitted.js';

/** A store whose reads answer from a script, one page per read; what each read asked is kept. */
function scriptedStore(committedHead: bigint, pages: RecordedEvent[][]) {
  const asked: ReadAllOptions[] = [];
  return {
    asked,
    store: {
      lastCommittedPosition: async () => committedHead,
      readAll: async (options: ReadAllOptions) => {
        asked.push(options);
        return pages.shift() ?? [];
      },
    },
  };
}

test('empty pages do not end the read before it has passed the newest event committed at its start', async (t) => {
  // The second empty page is what a read sees when the watermark sits lower for a moment than a
  // visible head read just before it.
  const { store } = scriptedStore(5n, [[eventAt(1n)], [], [], [eventAt(5n)]]);

  const events = await eventsThroughCommitted(store, { after: 0n, limit: 10 });

  t.deepEqual(
    events.map((event) => event.position),
    [1n, 5n],
  );
});

test('every stream is read, and only the streams asked for are handed out', async (t) => {
  const { store, asked } = scriptedStore(3n, [
    [eventAt(1n, 'user-1'), eventAt(2n, 'reservation-x')],
    [eventAt(3n, 'reservation-y')],
  ]);

  const events = await eventsThroughCommitted(store, { after: 0n, limit: 2, streamPrefixes: ['user-'] });

  t.deepEqual(
    events.map((event) => event.streamId),
    ['user-1'],
  );
  t.deepEqual(asked, [
    { after: 0n, limit: 2 },
    { after: 2n, limit: 2 },
  ]);
});

test('gives up with HeldBackError when the reading stays short of the committed head', async (t) => {
  const { store } = scriptedStore(5n, [[eventAt(1n)]]);

  const error = await t.throwsAsync(
    eventsThroughCommitted(store, { after: 0n, limit: 10 }, { heldBackTimeoutMs: 30 }),
    {
      instanceOf: HeldBackError,
    },
  );

  t.deepEqual([error?.visibleHead, error?.committedHead], [1n, 5n]);
});
