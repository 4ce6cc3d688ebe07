import type { User } from '../domain/index.js';
import { InvalidCommandError, normalizedEmail } from '../domain/index.js';

/** 8–128 characters: long enough to matter, short enough that hashing cannot be used to exhaust the CPU. */
export function assertAcceptablePassword(commandType: string, password: string, path = 'password'): void {
  const length = [...password].length;
  if (length < 8)
    throw new InvalidCommandError(commandType, [{ path, message: 'must be at least 8 characters' }]);
  if (length > 128)
    throw new InvalidCommandError(commandType, [{ path, message: 'must be at most 128 characters' }]);
}

/**
 * Whether a password is the account's own name: its email address, the address's local part or its
 * nickname, in any case. Those are the first guesses of anyone who knows the account, so they are
 * refused (NIST SP 800-63B's context-specific words; Kratos and Keycloak check the same).
 */
export function isAccountName(
  password: string,
  account: { email: string; nickname?: string | null },
): boolean {
  const candidate = password.trim().toLowerCase();
  const email = normalizedEmail(account.email);
  const names = [email, email.slice(0, email.lastIndexOf('@')), account.nickname?.toLowerCase()];
  return names.some((name) => name !== undefined && name !== '' && name === candidate);
}

/** For a password change or reset: the flag the decider acts on, at the moment it may tell it. */
export const isAccountNameOf = (password: string, state: User): boolean =>
  state.status === 'active' && isAccountName(password, state);

/** For a new account, whose address the caller gave: no secret is told by refusing it at once. */
export function assertNotAccountName(
  commandType: string,
  password: string,
  account: { email: string; nickname?: string | null },
): void {
  if (isAccountName(password, account)) {
    throw new InvalidCommandError(commandType, [
      { path: 'password', message: "must not be the account's email address or nickname" },
    ]);
  }
}
