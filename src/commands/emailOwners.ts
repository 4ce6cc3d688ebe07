import { normalizedEmail } from '../domain/index.js';
import type { CommandDeps } from './commandDeps.js';
import { findUserIdByEmail } from './findUserByEmail.js';
import type { LoadedUser } from './userAggregate.js';
import { loadUser } from './userAggregate.js';

export type EmailOwner = { userId: string | null; user: LoadedUser | null };

/**
 * The account an address signs in to, loaded. The address's reservation stream names its owner, but
 * the owner's own state names the address too: an owner remembered from an earlier lookup is trusted
 * once its freshly loaded state confirms it (an active account with this very address), which saves
 * reading the reservation. An owner that changed its address, was deleted or erased fails that check,
 * is forgotten, and the reservation is read as before. Only this process remembers, by the address's
 * keyed hash, and at most `capacity` addresses (the oldest go first).
 */
export function emailOwners(capacity = 10_000) {
  const remembered = new Map<string, string>();
  return async (deps: CommandDeps, email: string): Promise<EmailOwner> => {
    const key = deps.uniqueKeyHash(email);
    const known = remembered.get(key);
    if (known !== undefined) {
      const user = await loadUser(deps, known);
      if (ownsAddress(user, email)) return { userId: known, user };
      remembered.delete(key);
    }
    const userId = await findUserIdByEmail(deps, email);
    const user = userId ? await loadUser(deps, userId) : null;
    if (userId && user && ownsAddress(user, email)) {
      if (remembered.size >= capacity) remembered.delete(remembered.keys().next().value!);
      remembered.set(key, userId);
    }
    return { userId, user };
  };
}

const ownsAddress = ({ state }: LoadedUser, email: string) =>
  state.status === 'active' && state.email === normalizedEmail(email);
