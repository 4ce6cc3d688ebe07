/** A clock that moves only when the test says so. */
export type ManualClock = {
  now: () => Date;
  advance(milliseconds: number): void;
  set(to: Date): void;
};

export function manualClock(start = new Date('2030-01-01T00:00:00.000Z')): ManualClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (milliseconds) => void (current += milliseconds),
    set: (to) => void (current = to.getTime()),
  };
}
