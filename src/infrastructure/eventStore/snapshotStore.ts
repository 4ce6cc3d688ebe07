/**
 * Snapshots of aggregate state, so loading a stream with 10,000 events reads one row and the few
 * events after it. The state is opaque text: the caller serialises it (and encrypts it when it
 * holds personal data, so that shredding the key also shreds the snapshot).
 */
export type Snapshot = {
  streamId: string;
  /** The revision of the last event folded into the state. */
  revision: bigint;
  /** The shape of the state; a loader ignores a snapshot of a shape it does not know. */
  schemaVersion: number;
  state: string;
};

export type SnapshotStore = {
  load(streamId: string): Promise<Snapshot | null>;
  /** Keeps the newest: an older revision of the same schema version is ignored. */
  save(streamId: string, revision: bigint, state: string, schemaVersion?: number): Promise<void>;
};
