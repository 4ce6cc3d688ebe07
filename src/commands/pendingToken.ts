import type { LinkPurpose } from '../infrastructure/crypto/linkTokens.js';
import { hashToken } from '../infrastructure/crypto/tokens.js';
import type { CommandDeps } from './commandDeps.js';

/** A new single-use link token: the raw value is for the mail only, the hash goes into the event. */
export function newPendingToken(deps: CommandDeps, purpose: LinkPurpose, userId: string, now: Date) {
  const ttlMs =
    purpose === 'verify-email' ? deps.policy.verificationTokenTtlMs : deps.policy.passwordResetTokenTtlMs;
  const expiresAt = new Date(now.getTime() + ttlMs);
  const token = deps.linkTokens.issue(purpose, userId, expiresAt);
  return { token, pending: { tokenHash: hashToken(token), expiresAt } };
}
