import type { CommonQueryMethods } from 'slonik';
import { createWakeUp } from '../infrastructure/eventStore/wakeUp.js';
import { readCheckpoint } from '../projections/checkpoints.js';
import { ReadModelBehindError } from '../projections/readModelBehindError.js';
import { usersReadModelName } from '../projections/usersReadModel.js';

/** Calls back when a checkpoint may have moved, e.g. a LISTEN on CHECKPOINT_CHANNEL. */
export type CheckpointNotifications = { subscribe(callback: () => void): () => void };

export type WaitOptions = {
  /** The projection whose checkpoint is awaited; the users read model by default. */
  projection?: string;
  notifications?: CheckpointNotifications;
  /** How often to look again when no notification comes: the fallback when notifications are given. */
  pollIntervalMs?: number;
};

/** The global position the projection has applied every event up to. */
export const readModelPosition =
  (db: CommonQueryMethods) =>
  (projection: string = usersReadModelName): Promise<bigint> =>
    readCheckpoint(db, projection);

/**
 * Read-your-writes: resolves once the projection's checkpoint has reached `position` (the position a
 * write returned), rejects with ReadModelBehindError when it has not within `timeoutMs`. The checkpoint
 * is in the database, so this works whichever process runs the projector.
 */
export const waitForPosition = (db: CommonQueryMethods, options: WaitOptions = {}) => {
  const { projection = usersReadModelName, notifications } = options;
  const pollIntervalMs = options.pollIntervalMs ?? (notifications ? 1_000 : 25);
  return async (position: bigint, timeoutMs: number): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    const wakeUp = createWakeUp();
    const unsubscribe = notifications?.subscribe(wakeUp.wake);
    try {
      for (;;) {
        const reached = await readCheckpoint(db, projection);
        if (reached >= position) return;
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw new ReadModelBehindError(projection, position, reached, timeoutMs);
        await wakeUp.wait(Math.min(pollIntervalMs, remaining));
      }
    } finally {
      unsubscribe?.();
    }
  };
};
