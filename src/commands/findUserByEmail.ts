import type { CommandDeps } from './commandDeps.js';
import { loadReservation } from './smallStreams.js';

/** The write side's own lookup: the email reservation names its owner, so no read model is needed. */
export async function findUserIdByEmail(deps: CommandDeps, email: string): Promise<string | null> {
  const reservation = await loadReservation(deps, 'email', email);
  return reservation.state.ownerId;
}
