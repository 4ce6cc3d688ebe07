export type RestartDelay = {
  /** The wait before the next attempt: initialMs, doubling with each failure in a row, up to maxMs. */
  next(): number;
  /** Called on success: the next failure waits initialMs again. */
  reset(): void;
  wait(ms: number): Promise<void>;
  /** Ends the current wait at once (shutdown). */
  interrupt(): void;
};

export function createRestartDelay(options: { initialMs: number; maxMs: number }): RestartDelay {
  let failures = 0;
  let interrupt = () => {};
  return {
    next() {
      failures += 1;
      return Math.min(options.maxMs, options.initialMs * 2 ** Math.min(failures - 1, 30));
    },
    reset() {
      failures = 0;
    },
    wait: (ms) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(finish, ms);
        function finish() {
          clearTimeout(timer);
          interrupt = () => {};
          resolve();
        }
        interrupt = finish;
      }),
    interrupt: () => interrupt(),
  };
}
