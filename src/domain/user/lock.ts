/**
 * Whether a lock holds at `now`. A lock with an end (ACCOUNT_LOCK_MINUTES) lifts by itself when that
 * instant passes; one without holds until an admin or a password reset lifts it.
 */
export function lockHolds(lock: { locked: boolean; lockedUntil: string | null }, now: Date): boolean {
  return lock.locked && (lock.lockedUntil === null || now.getTime() < Date.parse(lock.lockedUntil));
}
