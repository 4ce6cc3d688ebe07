export type WakeUp = {
  /** Ends the current wait early; when nobody waits, the next wait returns at once. */
  wake(): void;
  wait(timeoutMs: number): Promise<void>;
};

/** A sleep that a notification can cut short, without losing one that arrives while awake. */
export function createWakeUp(): WakeUp {
  let pending = false;
  let endWait: (() => void) | null = null;
  return {
    wake() {
      if (endWait) endWait();
      else pending = true;
    },
    wait(timeoutMs) {
      if (pending) {
        pending = false;
        return Promise.resolve();
      }
      return new Promise((resolve) => {
        const timer = setTimeout(finish, timeoutMs);
        function finish() {
          clearTimeout(timer);
          endWait = null;
          resolve();
        }
        endWait = finish;
      });
    },
  };
}
