import type { AppendResult, StreamRevision, StreamWrite } from './eventStore.js';

export type StoredEventRef = { streamId: string; revision: StreamRevision; position: bigint };

/**
 * The result an earlier, identical append returned, or null when the call is not a pure retry:
 * every write must have events, all stored in its stream at consecutive revisions, in call order.
 */
export function storedAppendResult(
  writes: readonly StreamWrite[],
  stored: ReadonlyMap<string, StoredEventRef>,
): AppendResult | null {
  const nextRevisions: StreamRevision[] = [];
  let position = 0n;
  for (const write of writes) {
    const refs = write.events.map((event) => stored.get(event.eventId));
    const first = refs[0];
    if (!first) return null;
    const inOrder = refs.every(
      (ref, index) => ref?.streamId === write.streamId && ref.revision === first.revision + BigInt(index),
    );
    const last = refs.at(-1);
    if (!inOrder || !last) return null;
    nextRevisions.push(last.revision);
    if (last.position > position) position = last.position;
  }
  return { nextRevisions, position };
}
