import { ProjectorStoppedError, ReadModelBehindError } from './readModelBehindError.js';

/** A runner's committed position, and the callers waiting for it to reach theirs. */
export type Progress = {
  position(): bigint;
  reach(position: bigint): void;
  waitFor(position: bigint, timeoutMs: number): Promise<void>;
  /** Rejects every current and later wait that is not already satisfied. */
  end(cause?: unknown): void;
};

type Waiter = { position: bigint; resolve: () => void; reject: (error: Error) => void };

export function createProgress(projection: string): Progress {
  let current = 0n;
  let ended: ProjectorStoppedError | null = null;
  const waiters = new Set<Waiter>();

  return {
    position: () => current,
    reach(position) {
      current = position;
      for (const waiter of waiters) if (waiter.position <= position) waiter.resolve();
    },
    async waitFor(position, timeoutMs) {
      if (current >= position) return;
      if (ended) throw ended;
      let timer: NodeJS.Timeout | undefined;
      const waiter: Waiter = { position, resolve: () => {}, reject: () => {} };
      try {
        await new Promise<void>((resolve, reject) => {
          Object.assign(waiter, { resolve, reject });
          waiters.add(waiter);
          timer = setTimeout(
            () => reject(new ReadModelBehindError(projection, position, current, timeoutMs)),
            timeoutMs,
          );
        });
      } finally {
        clearTimeout(timer);
        waiters.delete(waiter);
      }
    },
    end(cause) {
      ended = new ProjectorStoppedError(projection, { cause });
      for (const waiter of waiters) waiter.reject(ended);
    },
  };
}
