import { assertSelfOrStaffOver } from '../authorization.js';
import type { EndSession, RevokeSessions } from '../commands.js';
import { validCommand } from '../commands.js';
import { UserNotFoundError } from '../errors.js';
import type { UserEvent } from '../events.js';
import type { User } from '../state.js';

/**
 * Signs the account out everywhere: every access token issued so far stops working. The holder may
 * (a lost device), and staff as for any other action on the account (a compromised one); so does the
 * service itself when a spent refresh token comes back, which means a copy of it is in other hands.
 */
export function revokeSessions(input: RevokeSessions, state: User): UserEvent[] {
  const command = validCommand(input);
  if (state.status !== 'active') throw new UserNotFoundError(command.userId);
  if (command.refreshTokenReused) {
    return [{ type: 'SessionsRevoked', data: { userId: state.id, reason: 'refresh-token-reuse' } }];
  }
  assertSelfOrStaffOver(command.actor, state, 'sign an account out');
  const reason = command.actor?.id === state.id ? 'sign-out' : 'admin';
  return [{ type: 'SessionsRevoked', data: { userId: state.id, reason } }];
}

/**
 * Signs one session of the account out (a device), the others staying signed in: by its holder, or
 * by staff as for any other action on the account.
 */
export function endSession(input: EndSession, state: User): UserEvent[] {
  const command = validCommand(input);
  if (state.status !== 'active') throw new UserNotFoundError(command.userId);
  assertSelfOrStaffOver(command.actor, state, 'sign a session out');
  const reason = command.actor?.id === state.id ? 'sign-out' : 'admin';
  const data = {
    userId: state.id,
    sessionId: command.sessionId,
    reason,
    tokensExpireBy: command.tokensExpireBy.toISOString(),
  } as const;
  return [{ type: 'SessionEnded', data }];
}
