import { assertStaffOver } from '../authorization.js';
import type { LogIn, UnlockAccount } from '../commands.js';
import { validCommand } from '../commands.js';
import type { DomainError } from '../errors.js';
import {
  AccountLockedError,
  EmailNotVerifiedError,
  InvalidCredentialsError,
  UserNotFoundError,
} from '../errors.js';
import type { UserEvent } from '../events.js';
import { lockHolds } from '../lock.js';
import type { User } from '../state.js';

/**
 * The caller checked the password (argon2) and passes `passwordMatches`. Outcomes:
 * - right password, verified: [LoginSucceeded] (resets the failure count);
 * - wrong password, verified: [LoginFailed] plus AccountLocked once policy.maxLoginAttempts is reached;
 * - wrong password, unverified: [LoginFailed countsTowardLock=false], which never locks;
 * - right password, unverified: throws EmailNotVerifiedError;
 * - locked: throws AccountLockedError and records nothing, unless lockedUntil has passed, in which case
 *   AccountUnlocked('expired') comes first and the attempt is judged as above.
 * Failures come back as events so they are recorded: append them, then answer with loginRefusal(events).
 */
export function logIn(input: LogIn, state: User): UserEvent[] {
  const command = validCommand(input);
  if (state.status !== 'active') throw new UserNotFoundError(command.userId);
  const userId = state.id;
  if (lockHolds(state, command.now)) throw new AccountLockedError(userId, state.lockedUntil);
  const expired = state.locked;

  const events: UserEvent[] = expired
    ? [{ type: 'AccountUnlocked', data: { userId, reason: 'expired' } }]
    : [];
  const failedAttempts = expired ? 0 : state.failedAttempts;
  if (!state.emailVerified) {
    if (command.passwordMatches) throw new EmailNotVerifiedError(userId);
    return [...events, { type: 'LoginFailed', data: { userId, failedAttempts, countsTowardLock: false } }];
  }
  if (command.passwordMatches) return [...events, { type: 'LoginSucceeded', data: { userId } }];

  const attempts = failedAttempts + 1;
  events.push({ type: 'LoginFailed', data: { userId, failedAttempts: attempts, countsTowardLock: true } });
  if (attempts < command.policy.maxLoginAttempts) return events;
  const { lockDurationMs } = command.policy;
  const lockedUntil =
    lockDurationMs === null ? null : new Date(command.now.getTime() + lockDurationMs).toISOString();
  return [...events, { type: 'AccountLocked', data: { userId, failedAttempts: attempts, lockedUntil } }];
}

/** The error a login handler raises after appending logIn's events; null when the login succeeded. */
export function loginRefusal(events: readonly UserEvent[]): DomainError | null {
  if (events.some((event) => event.type === 'LoginSucceeded')) return null;
  const locked = events.find((event) => event.type === 'AccountLocked');
  if (locked) return new AccountLockedError(locked.data.userId, locked.data.lockedUntil);
  return new InvalidCredentialsError();
}

export function unlockAccount(input: UnlockAccount, state: User): UserEvent[] {
  const command = validCommand(input);
  if (state.status !== 'active') throw new UserNotFoundError(command.userId);
  assertStaffOver(command.actor, state, 'unlock accounts');
  if (!state.locked) return [];
  return [{ type: 'AccountUnlocked', data: { userId: state.id, reason: 'admin' } }];
}
