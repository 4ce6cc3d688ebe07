import { assertSelf, assertSelfOrAdmin, assertSelfOrStaffOver } from '../authorization.js';
import type { CloseAccount, DeleteUser, ErasePersonalData } from '../commands.js';
import { validCommand } from '../commands.js';
import { InvalidCredentialsError, UserNotFoundError } from '../errors.js';
import type { UserEvent } from '../events.js';
import type { User } from '../state.js';

/**
 * By the holder or staff (an ADMIN only by ADMINs). Deleting a deleted or erased account is already done. The
 * caller releases the email and nickname reservations and runs rosterEventsFor (the last ADMIN stays).
 */
export function deleteUser(input: DeleteUser, state: User): UserEvent[] {
  const command = validCommand(input);
  if (state.status === 'none') throw new UserNotFoundError(command.userId);
  assertSelfOrStaffOver(command.actor, state, 'delete accounts');
  if (state.status !== 'active') return [];
  return [{ type: 'UserDeleted', data: { userId: state.id } }];
}

/**
 * The right to be forgotten: by the holder or an ADMIN. Erasing deletes first if needed. The caller then shreds
 * the account's key, after which every personal field of its history reads as ERASED.
 */
export function erasePersonalData(input: ErasePersonalData, state: User): UserEvent[] {
  const command = validCommand(input);
  if (state.status === 'none') throw new UserNotFoundError(command.userId);
  assertSelfOrAdmin(command.actor, state, 'erase personal data');
  const erased: UserEvent = { type: 'PersonalDataErased', data: { userId: state.id } };
  if (state.status === 'erased') return [];
  if (state.status === 'deleted') return [erased];
  return [{ type: 'UserDeleted', data: { userId: state.id } }, erased];
}

/**
 * The holder closes their own account for good, proving the current password (checked by the caller:
 * currentPasswordMatches), as for a password change: a stolen access token alone cannot do it. It is
 * deleted and erased at once; the caller shreds the key, frees the address and nickname, and keeps
 * the last ADMIN (rosterEventsFor). A wrong password is refused, not recorded.
 */
export function closeAccount(input: CloseAccount, state: User): UserEvent[] {
  const command = validCommand(input);
  if (state.status !== 'active') throw new UserNotFoundError(command.userId);
  assertSelf(command.actor, state, 'close the account');
  if (!command.currentPasswordMatches) throw new InvalidCredentialsError();
  return [
    { type: 'UserDeleted', data: { userId: state.id } },
    { type: 'PersonalDataErased', data: { userId: state.id } },
  ];
}
