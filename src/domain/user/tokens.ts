import { constantTimeEqual } from '../shared/constantTimeEqual.js';
import { InvalidTokenError } from './errors.js';
import type { PendingToken } from './state.js';
import type { PendingTokenInput } from './values.js';

/**
 * Throws InvalidTokenError unless `tokenHash` is the pending token's and it has not expired. A used or replaced
 * token is no longer pending, which is what makes tokens single-use. Expiry is only revealed to the token holder.
 */
export function assertTokenValid(pending: PendingToken | null, tokenHash: string, now: Date): void {
  if (pending === null || !constantTimeEqual(pending.tokenHash, tokenHash))
    throw new InvalidTokenError('invalid');
  if (now.getTime() >= Date.parse(pending.expiresAt)) throw new InvalidTokenError('expired');
}

export const storedToken = (token: PendingTokenInput): PendingToken => ({
  tokenHash: token.tokenHash,
  expiresAt: token.expiresAt.toISOString(),
});
