import { createHmac, createSecretKey, hkdfSync } from 'node:crypto';

export type LinkPurpose = 'verify-email' | 'reset-password';

export type LinkTokens = {
  /** The token for the link a user receives; only its hash is ever stored. */
  issue(purpose: LinkPurpose, userId: string, expiresAt: Date): string;
};

/**
 * Link tokens are MACs of (purpose, user, expiry) under a server key. The event records only the
 * token's hash and its expiry, and the email worker, which holds the key, recomputes the token
 * from the event: the raw token never travels through the log, a queue or a log line.
 */
export function createLinkTokens(masterKey: Buffer): LinkTokens {
  const key = createSecretKey(
    Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'user-ledger link tokens', 32)),
  );
  return {
    issue: (purpose, userId, expiresAt) =>
      createHmac('sha256', key)
        .update(`${purpose}\n${userId}\n${expiresAt.toISOString()}`)
        .digest('base64url'),
  };
}
