import type { UserEvent } from '../user/events.js';
import type { User } from '../user/state.js';
import { evolve } from '../user/state.js';
import type { ReservationKind } from './streams.js';
import { reservationKey } from './streams.js';

export type ReservationChange = { kind: ReservationKind; key: string };
export type ReservationChanges = { reserve: ReservationChange[]; release: ReservationChange[] };

const change = (kind: ReservationKind, value: string): ReservationChange => ({
  kind,
  key: reservationKey(kind, value),
});

/**
 * The unique keys that events just decided for a user claim and free, given the user's state before them.
 * Deleting frees both keys (erasure always follows a deletion, so it frees nothing more). A change of case only
 * keeps the same key, so it is neither reserved nor released.
 */
export function reservationChangesFor(before: User, events: readonly UserEvent[]): ReservationChanges {
  const result: ReservationChanges = { reserve: [], release: [] };
  const swap = (kind: ReservationKind, previous: string, next: string) => {
    if (reservationKey(kind, previous) === reservationKey(kind, next)) return;
    result.reserve.push(change(kind, next));
    result.release.push(change(kind, previous));
  };
  let state = before;
  for (const event of events) {
    if (event.type === 'UserRegistered') {
      result.reserve.push(change('email', event.data.email), change('nickname', event.data.nickname));
    } else if (state.status !== 'none') {
      if (event.type === 'EmailChanged') swap('email', event.data.previousEmail, event.data.email);
      if (event.type === 'ProfileUpdated' && event.data.changes.nickname !== undefined) {
        swap('nickname', state.nickname, event.data.changes.nickname);
      }
      if (event.type === 'UserDeleted' && state.status === 'active') {
        result.release.push(change('email', state.email), change('nickname', state.nickname));
      }
    }
    state = evolve(state, event);
  }
  return result;
}
