import { assertSelfOrStaffOver, assertStaff } from '../authorization.js';
import type { ChangeEmail, UpdateProfile } from '../commands.js';
import { validCommand } from '../commands.js';
import { NothingToUpdateError, UserNotFoundError } from '../errors.js';
import type { ProfileChanges, UserEvent } from '../events.js';
import type { User } from '../state.js';
import { verificationRequested } from './registration.js';

/**
 * By the holder or staff (an ADMIN's profile by ADMINs only). Only fields whose value really changes are
 * recorded. A nickname change must be reserved by the caller (see reservation).
 */
export function updateProfile(input: UpdateProfile, state: User): UserEvent[] {
  const command = validCommand(input);
  if (state.status !== 'active') throw new UserNotFoundError(command.userId);
  assertSelfOrStaffOver(command.actor, state, 'update the profile');
  const requested = Object.entries(command.changes).filter(([, value]) => value !== undefined);
  if (requested.length === 0) throw new NothingToUpdateError();
  const changed = requested.filter(([field, value]) => state[field as keyof ProfileChanges] !== value);
  if (changed.length === 0) return [];
  const changes = Object.fromEntries(changed) as ProfileChanges;
  return [{ type: 'ProfileUpdated', data: { userId: state.id, changes } }];
}

/**
 * The new address is unverified until its link is used, so the holder cannot log in meanwhile (login needs a
 * verified address). Staff may vouch for the new address with markVerified. The caller reserves the new
 * address and releases the old one.
 */
export function changeEmail(input: ChangeEmail, state: User): UserEvent[] {
  const command = validCommand(input);
  if (state.status !== 'active') throw new UserNotFoundError(command.userId);
  assertSelfOrStaffOver(command.actor, state, 'change the email address');
  if (command.markVerified) assertStaff(command.actor, 'mark an email address verified');
  if (state.email === command.email) return [];
  const emailVerified = command.markVerified ?? false;
  const changed: UserEvent = {
    type: 'EmailChanged',
    data: { userId: state.id, email: command.email, previousEmail: state.email, emailVerified },
  };
  if (emailVerified) return [changed];
  return [changed, verificationRequested(state.id, command.email, command.verification)];
}
