export type ReservationKind = 'email' | 'nickname';

/**
 * One stream per unique value, named after a hash of the normalised value (see reservationKey) so no personal
 * data appears in stream ids. The caller computes the hash (keyed, in infrastructure).
 */
export const reservationStream = (kind: ReservationKind, keyHash: string): string =>
  `${kind}reservation-${keyHash}`;
export const emailReservationStream = (keyHash: string): string => reservationStream('email', keyHash);
export const nicknameReservationStream = (keyHash: string): string => reservationStream('nickname', keyHash);

/** The value to hash for a reservation: emails and nicknames are unique regardless of case and padding. */
export const reservationKey = (_kind: ReservationKind, value: string): string => value.trim().toLowerCase();
