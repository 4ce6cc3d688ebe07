import { createHash, createHmac, createSecretKey, randomBytes } from 'node:crypto';

/** A fresh single-use token (256 bits) for links sent by email. Only its hash is stored. */
export const generateToken = (): string => randomBytes(32).toString('base64url');

/**
 * Tokens carry 256 bits of entropy, so a plain SHA-256 is enough to store them: unlike a password,
 * there is nothing to brute-force.
 */
export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * Keyed hash of a unique key (email, nickname) so uniqueness can be enforced without storing the
 * value in clear, and so erasing a user leaves nothing that reveals the address.
 */
export function createKeyedHasher(keyBytes: Buffer): (value: string) => string {
  const key = createSecretKey(keyBytes);
  return (value) => createHmac('sha256', key).update(value.trim().toLowerCase(), 'utf8').digest('hex');
}
