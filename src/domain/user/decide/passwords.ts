import { assertSelf } from '../authorization.js';
import type { ChangePassword, RequestPasswordReset, ResetPassword } from '../commands.js';
import { validCommand } from '../commands.js';
import { InvalidCommandError, InvalidCredentialsError, UserNotFoundError } from '../errors.js';
import type { UserEvent } from '../events.js';
import type { User } from '../state.js';
import { assertTokenValid, storedToken } from '../tokens.js';

/** Public (the caller found the account by email); a new link replaces the previous one. */
export function requestPasswordReset(input: RequestPasswordReset, state: User): UserEvent[] {
  const command = validCommand(input);
  if (state.status !== 'active') throw new UserNotFoundError(command.userId);
  return [
    {
      type: 'PasswordResetRequested',
      data: { userId: state.id, email: state.email, ...storedToken(command.reset) },
    },
  ];
}

/** Proving control of the mailbox also lifts a lock: that is how a locked-out user gets back in. */
export function resetPassword(input: ResetPassword, state: User): UserEvent[] {
  const command = validCommand(input);
  if (state.status !== 'active') throw new UserNotFoundError(command.userId);
  assertTokenValid(state.pendingReset, command.tokenHash, command.now);
  // Only now: refused before the token, it would tell anyone with an account's id its address.
  if (command.newPasswordIsAccountName) throw passwordIsAccountName(command.type);
  const reset: UserEvent = {
    type: 'PasswordReset',
    data: { userId: state.id, passwordHash: command.passwordHash },
  };
  // Whoever held the old password, or a token obtained with it, is signed out.
  const revoked: UserEvent = {
    type: 'SessionsRevoked',
    data: { userId: state.id, reason: 'password-reset' },
  };
  if (!state.locked) return [reset, revoked];
  return [reset, { type: 'AccountUnlocked', data: { userId: state.id, reason: 'password-reset' } }, revoked];
}

/**
 * Only the holder, who proves the current password (checked by the caller: currentPasswordMatches). Staff who
 * need to get someone back in send a reset link instead. A wrong current password is refused, not recorded.
 * Every session ends, the caller's too: whoever else knew the old password is signed out.
 */
export function changePassword(input: ChangePassword, state: User): UserEvent[] {
  const command = validCommand(input);
  if (state.status !== 'active') throw new UserNotFoundError(command.userId);
  assertSelf(command.actor, state, 'change the password');
  if (!command.currentPasswordMatches) throw new InvalidCredentialsError();
  if (command.newPasswordIsAccountName) throw passwordIsAccountName(command.type);
  return [
    { type: 'PasswordChanged', data: { userId: state.id, passwordHash: command.passwordHash } },
    { type: 'SessionsRevoked', data: { userId: state.id, reason: 'password-changed' } },
  ];
}

/** The first guess of anyone who knows the account (see NIST SP 800-63B, context-specific words). */
const passwordIsAccountName = (commandType: string) =>
  new InvalidCommandError(commandType, [
    { path: 'newPassword', message: "must not be the account's email address or nickname" },
  ]);
