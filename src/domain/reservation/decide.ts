import type { Decider } from '../shared/decider.js';
import { EmailTakenError, NicknameTakenError } from './errors.js';
import type { ReservationEvent } from './events.js';
import type { Reservation } from './state.js';
import { evolveReservation, initialReservation } from './state.js';
import type { ReservationKind } from './streams.js';

/**
 * currentOwnerExists is the caller's finding about the current holder (its user stream holds an active
 * account). A holder that does not exist is a registration that failed between the two appends; its claim is
 * treated as free once older than ABANDONED_RESERVATION_AFTER_MS, so a registration still in flight keeps it.
 */
export type ReserveKey = {
  type: 'ReserveKey';
  kind: ReservationKind;
  ownerId: string;
  currentOwnerExists: boolean;
  now: Date;
};
export type ReleaseKey = { type: 'ReleaseKey'; ownerId: string };
export type ReservationCommand = ReserveKey | ReleaseKey;

export const ABANDONED_RESERVATION_AFTER_MS = 60_000;

const takenError = (kind: ReservationKind) =>
  kind === 'email' ? new EmailTakenError() : new NicknameTakenError();

function abandoned(state: Reservation, command: ReserveKey): boolean {
  if (command.currentOwnerExists) return false;
  const reservedAt = state.reservedAt === null ? Number.NEGATIVE_INFINITY : Date.parse(state.reservedAt);
  return command.now.getTime() - reservedAt >= ABANDONED_RESERVATION_AFTER_MS;
}

export function decideReservation(command: ReservationCommand, state: Reservation): ReservationEvent[] {
  switch (command.type) {
    case 'ReserveKey': {
      const reserved: ReservationEvent = {
        type: 'KeyReserved',
        data: { ownerId: command.ownerId, reservedAt: command.now.toISOString() },
      };
      if (state.ownerId === null) return [reserved];
      if (state.ownerId === command.ownerId) return [];
      if (!abandoned(state, command)) throw takenError(command.kind);
      return [{ type: 'KeyReleased', data: { ownerId: state.ownerId } }, reserved];
    }
    case 'ReleaseKey':
      return state.ownerId === command.ownerId
        ? [{ type: 'KeyReleased', data: { ownerId: command.ownerId } }]
        : [];
  }
}

export const reservationDecider: Decider<ReservationCommand, Reservation, ReservationEvent> = {
  decide: decideReservation,
  evolve: evolveReservation,
  initialState: initialReservation,
};
