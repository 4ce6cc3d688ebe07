import type { AdminRosterEvent } from './events.js';

/** `exists` is false until the first ADMIN is appointed: that is how the very first registration is recognised. */
export type AdminRoster = { exists: boolean; admins: readonly string[] };

export const initialAdminRoster: AdminRoster = { exists: false, admins: [] };

export function evolveAdminRoster(state: AdminRoster, event: AdminRosterEvent): AdminRoster {
  const others = state.admins.filter((id) => id !== event.data.userId);
  switch (event.type) {
    case 'AdminAppointed':
      return { exists: true, admins: [...others, event.data.userId] };
    case 'AdminDismissed':
      return { exists: true, admins: others };
    default:
      return state;
  }
}

/** RegisterUser.isFirstUser: nobody has ever been an ADMIN. */
export const isFirstUser = (roster: AdminRoster): boolean => !roster.exists;
