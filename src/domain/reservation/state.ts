import type { ReservationEvent } from './events.js';

export type Reservation = { ownerId: string | null; reservedAt: string | null };

export const initialReservation: Reservation = { ownerId: null, reservedAt: null };

export function evolveReservation(state: Reservation, event: ReservationEvent): Reservation {
  switch (event.type) {
    case 'KeyReserved':
      return { ownerId: event.data.ownerId, reservedAt: event.data.reservedAt };
    case 'KeyReleased':
      return event.data.ownerId === state.ownerId ? initialReservation : state;
    default:
      return state;
  }
}
