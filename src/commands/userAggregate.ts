import type { User } from '../domain/index.js';
import { evolve, initialState, parseUserEvent, userStream } from '../domain/index.js';
import { decryptField, encryptField } from '../infrastructure/crypto/fieldCipher.js';
import type { RecordedEvent } from '../infrastructure/eventStore/eventStore.js';
import type { FromSnapshot } from '../infrastructure/eventStore/readFromSnapshot.js';
import type { CommandDeps } from './commandDeps.js';

export type LoadedUser = {
  state: User;
  /** -1n when the stream has no events. */
  revision: bigint;
  position: bigint;
  /** Command ids of the newest events, to recognise a repeated command. */
  recentCommandIds: readonly string[];
  /** The last event read, when the load read one: the append can chain to it without a read. */
  lastEvent?: Pick<RecordedEvent, 'revision' | 'hash' | 'recordedAt'>;
};

const RECENT_COMMAND_IDS = 50;
/** Bump when the shape of User changes: older snapshots are then ignored and rebuilt. */
const SNAPSHOT_VERSION = 3;

const empty: LoadedUser = { state: initialState, revision: -1n, position: 0n, recentCommandIds: [] };

/**
 * The user's state from its newest snapshot plus the events after it, so an account with 10,000
 * events (every login is one) loads about as fast as a new one. Snapshots hold personal data, so
 * they are encrypted with the user's data key: once the key is shredded they are unreadable and
 * the state is folded from the (erased) events instead.
 */
export async function loadUser(deps: CommandDeps, userId: string): Promise<LoadedUser> {
  const streamId = userStream(userId);
  const read = await deps.readFromSnapshot(streamId, userId);
  const start = snapshotState(read);
  // A snapshot of an older shape, or one whose key is shredded, is no start: fold the whole stream.
  const events = start || !read.snapshot ? read.events : await deps.store.readStream(streamId);
  return foldUser(start ?? empty, await deps.codec.decodeAll(events, { clientDetails: false }));
}

export function foldUser(start: LoadedUser, decoded: readonly RecordedEvent[]): LoadedUser {
  return decoded.reduce<LoadedUser>((loaded, recorded) => {
    const commandId = recorded.metadata['commandId'];
    return {
      state: evolve(loaded.state, parseUserEvent(recorded.type, recorded.data)),
      revision: recorded.revision,
      position: recorded.position,
      lastEvent: { revision: recorded.revision, hash: recorded.hash, recordedAt: recorded.recordedAt },
      recentCommandIds:
        typeof commandId === 'string'
          ? [...loaded.recentCommandIds.slice(1 - RECENT_COMMAND_IDS), commandId]
          : loaded.recentCommandIds,
    };
  }, start);
}

type SnapshotBody = { state: User; position: string; recentCommandIds: string[] };

function snapshotState({ snapshot, key }: FromSnapshot): LoadedUser | null {
  if (!snapshot || snapshot.schemaVersion !== SNAPSHOT_VERSION || !key) return null;
  const body = JSON.parse(decryptField(key, snapshot.state)) as SnapshotBody;
  return {
    state: body.state,
    revision: snapshot.revision,
    position: BigInt(body.position),
    recentCommandIds: body.recentCommandIds,
  };
}

export async function saveSnapshot(deps: CommandDeps, userId: string, loaded: LoadedUser): Promise<void> {
  if (loaded.state.status === 'erased') return;
  const key = await deps.keys.keyFor(userId);
  const body: SnapshotBody = {
    state: loaded.state,
    position: loaded.position.toString(),
    recentCommandIds: [...loaded.recentCommandIds],
  };
  await deps.snapshots.save(
    userStream(userId),
    loaded.revision,
    encryptField(key, JSON.stringify(body)),
    SNAPSHOT_VERSION,
  );
}
