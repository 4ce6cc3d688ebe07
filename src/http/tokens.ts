import { createSecretKey, randomUUID } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Role } from '../domain/index.js';

export type AccessTokenClaims = { sub: string; role: Role; jti: string; iat: number; exp: number };

export type AccessTokens = {
  issue(userId: string, role: Role): string;
  /** The claims of a valid token signed by us; null for anything else (bad signature, expired, malformed). */
  verify(token: string): AccessTokenClaims | null;
};

/**
 * HS256 with the secret as a KeyObject: jsonwebtoken given a string re-imports the key on every
 * call, which costs about a hundred HMACs per request.
 */
export function createAccessTokens(secret: string, ttlMinutes: number): AccessTokens {
  const key: KeyObject = createSecretKey(Buffer.from(secret, 'utf8'));
  return {
    issue: (userId, role) =>
      jwt.sign({ role }, key, {
        algorithm: 'HS256',
        subject: userId,
        expiresIn: ttlMinutes * 60,
        jwtid: randomUUID(),
      }),
    verify(token) {
      try {
        const claims = jwt.verify(token, key, { algorithms: ['HS256'] });
        if (typeof claims !== 'object' || typeof claims.sub !== 'string') return null;
        return claims as AccessTokenClaims;
      } catch {
        return null;
      }
    },
  };
}
