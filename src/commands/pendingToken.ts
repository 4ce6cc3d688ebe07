import { generateToken, hashToken } from '../infrastructure/crypto/tokens.js';

/** A new single-use link token: the raw value goes to the mail only, the hash into the event. */
export function newPendingToken(now: Date, ttlMs: number) {
  const token = generateToken();
  return { token, pending: { tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + ttlMs) } };
}
