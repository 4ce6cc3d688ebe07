import { assertAdmin, assertStaffOver } from '../authorization.js';
import type { ChangeRole, SetProfessionalStatus } from '../commands.js';
import { validCommand } from '../commands.js';
import { UserNotFoundError } from '../errors.js';
import type { UserEvent } from '../events.js';
import type { User } from '../state.js';

/**
 * ADMINs only. Keeping at least one ADMIN spans accounts: the caller runs the resulting events through
 * rosterEventsFor (adminRoster), which refuses to dismiss the last one.
 */
export function changeRole(input: ChangeRole, state: User): UserEvent[] {
  const command = validCommand(input);
  if (state.status !== 'active') throw new UserNotFoundError(command.userId);
  assertAdmin(command.actor, 'change roles');
  if (state.role === command.newRole) return [];
  return [
    {
      type: 'RoleChanged',
      data: { userId: state.id, from: state.role, to: command.newRole, reason: 'admin' },
    },
  ];
}

/** Staff grant or withdraw professional status; an ADMIN's only by ADMINs. */
export function setProfessionalStatus(input: SetProfessionalStatus, state: User): UserEvent[] {
  const command = validCommand(input);
  if (state.status !== 'active') throw new UserNotFoundError(command.userId);
  assertStaffOver(command.actor, state, 'set professional status');
  if (state.isProfessional === command.isProfessional) return [];
  return [
    {
      type: 'ProfessionalStatusChanged',
      data: {
        userId: state.id,
        isProfessional: command.isProfessional,
        changedAt: command.now.toISOString(),
      },
    },
  ];
}
