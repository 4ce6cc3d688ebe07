import type { Decider } from '../shared/decider.js';
import type { UserEvent } from '../user/events.js';
import { LastAdminError } from './errors.js';
import type { AdminRosterEvent } from './events.js';
import type { AdminRoster } from './state.js';
import { evolveAdminRoster, initialAdminRoster } from './state.js';

export type AppointAdmin = { type: 'AppointAdmin'; userId: string };
export type DismissAdmin = { type: 'DismissAdmin'; userId: string };
export type AdminRosterCommand = AppointAdmin | DismissAdmin;

export function decideAdminRoster(command: AdminRosterCommand, roster: AdminRoster): AdminRosterEvent[] {
  const isAdmin = roster.admins.includes(command.userId);
  switch (command.type) {
    case 'AppointAdmin':
      return isAdmin ? [] : [{ type: 'AdminAppointed', data: { userId: command.userId } }];
    case 'DismissAdmin':
      if (!isAdmin) return [];
      if (roster.admins.length === 1) throw new LastAdminError(command.userId);
      return [{ type: 'AdminDismissed', data: { userId: command.userId } }];
  }
}

export const adminRosterDecider: Decider<AdminRosterCommand, AdminRoster, AdminRosterEvent> = {
  decide: decideAdminRoster,
  evolve: evolveAdminRoster,
  initialState: initialAdminRoster,
};

function rosterCommandFor(userId: string, event: UserEvent): AdminRosterCommand | null {
  switch (event.type) {
    case 'UserRegistered':
      return event.data.role === 'ADMIN' ? { type: 'AppointAdmin', userId } : null;
    case 'RoleChanged':
      if (event.data.to === 'ADMIN') return { type: 'AppointAdmin', userId };
      return event.data.from === 'ADMIN' ? { type: 'DismissAdmin', userId } : null;
    case 'UserDeleted':
    case 'PersonalDataErased':
      return { type: 'DismissAdmin', userId };
    default:
      return null;
  }
}

/**
 * The roster events implied by events just decided for one user; throws LastAdminError when they would leave
 * no ADMIN. The caller appends both streams together, each with its expected revision: two ADMINs demoting
 * each other at once then conflict on the roster instead of both succeeding.
 */
export function rosterEventsFor(
  roster: AdminRoster,
  userId: string,
  userEvents: readonly UserEvent[],
): AdminRosterEvent[] {
  let state = roster;
  const decided: AdminRosterEvent[] = [];
  for (const event of userEvents) {
    const command = rosterCommandFor(userId, event);
    if (command === null) continue;
    const events = decideAdminRoster(command, state);
    state = events.reduce(evolveAdminRoster, state);
    decided.push(...events);
  }
  return decided;
}
