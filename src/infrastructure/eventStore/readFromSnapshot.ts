import type { KeyObject } from 'node:crypto';
import type { DataKeyStore } from '../crypto/dataKeyStore.js';
import type { EventStore, RecordedEvent } from './eventStore.js';
import type { Snapshot, SnapshotStore } from './snapshotStore.js';

/**
 * A stream read from its newest snapshot: the snapshot, the events after it, and the data key of
 * `keySubjectId` (null when destroyed or never made), which decrypts the snapshot and which the
 * command that loads the stream will encrypt its new events with.
 */
export type FromSnapshot = { snapshot: Snapshot | null; key: KeyObject | null; events: RecordedEvent[] };

export type ReadFromSnapshot = (streamId: string, keySubjectId: string) => Promise<FromSnapshot>;

/** Three reads, one after the other: for an event store apart from the snapshots' database (EventStoreDB). */
export const readFromSnapshot =
  (deps: { store: EventStore; snapshots: SnapshotStore; keys: DataKeyStore }): ReadFromSnapshot =>
  async (streamId, keySubjectId) => {
    const snapshot = await deps.snapshots.load(streamId);
    const key = await deps.keys.find(keySubjectId);
    const fromRevision = snapshot ? snapshot.revision + 1n : 0n;
    return { snapshot, key, events: await deps.store.readStream(streamId, { fromRevision }) };
  };
