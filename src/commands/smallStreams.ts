import type { AdminRoster, Reservation, ReservationKind } from '../domain/index.js';
import {
  adminRosterStream,
  evolveAdminRoster,
  evolveReservation,
  initialAdminRoster,
  initialReservation,
  parseAdminRosterEvent,
  parseReservationEvent,
  reservationStream,
} from '../domain/index.js';
import type { CommandDeps } from './commandDeps.js';

export type Loaded<S> = { streamId: string; state: S; revision: bigint };

/** Roster and reservation streams stay short and hold no personal data: read whole, no codec. */
async function loadSmallStream<S, E>(
  deps: CommandDeps,
  streamId: string,
  parse: (type: string, data: unknown) => E,
  evolve: (state: S, event: E) => S,
  initial: S,
): Promise<Loaded<S>> {
  const events = await deps.store.readStream(streamId);
  return {
    streamId,
    state: events.reduce((state, recorded) => evolve(state, parse(recorded.type, recorded.data)), initial),
    revision: events.at(-1)?.revision ?? -1n,
  };
}

export const loadAdminRoster = (deps: CommandDeps): Promise<Loaded<AdminRoster>> =>
  loadSmallStream(deps, adminRosterStream, parseAdminRosterEvent, evolveAdminRoster, initialAdminRoster);

export const loadReservation = (
  deps: CommandDeps,
  kind: ReservationKind,
  key: string,
): Promise<Loaded<Reservation>> =>
  loadSmallStream(
    deps,
    reservationStream(kind, deps.uniqueKeyHash(key)),
    parseReservationEvent,
    evolveReservation,
    initialReservation,
  );
