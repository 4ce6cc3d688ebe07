import { createHmac, createSecretKey, randomUUID, timingSafeEqual } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Role } from '../domain/index.js';
import { roleSchema } from '../domain/index.js';

export type AccessTokenClaims = {
  sub: string;
  role: Role;
  /** The account's session generation at sign-in (see SessionsRevoked); absent in tokens of earlier releases, read as 0. */
  sgen?: number;
  /** The session (one sign-in and its refreshes) the token belongs to; absent in tokens of earlier releases. */
  sid?: string;
  jti: string;
  iat: number;
  exp: number;
};

export type AccessTokens = {
  issue(userId: string, role: Role, sessionGeneration: number, sessionId: string): string;
  /** The claims of a valid token signed by us; null for anything else (bad signature, expired, malformed). */
  verify(token: string): AccessTokenClaims | null;
};

const ROLES = new Set<unknown>(roleSchema.options);

/** The only header we issue; jsonwebtoken writes exactly these bytes for HS256. */
const ISSUED_HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

/**
 * HS256 tokens, issued by `jsonwebtoken`. Verification runs on every request, so it is done here in
 * the narrowest form: the header must be byte-for-byte the one we issue (so no algorithm can be
 * substituted), the signature is compared in constant time as its exact base64url text (so no
 * second encoding of it is accepted), and the claims must have the types we issue. That is one
 * HMAC and one small JSON parse; jsonwebtoken's general-purpose verify costs several times more
 * per request. Every token accepted here is one jsonwebtoken accepts too (see tokens.unit.spec.ts).
 */
export type AccessTokenOptions = {
  now?: () => number;
  /**
   * The secret in use before the current one, while the tokens it signed have not all expired: they
   * still verify (a second HMAC, for them only), so rotating the secret signs nobody out.
   */
  previousSecret?: string | null;
};

export function createAccessTokens(
  secret: string,
  ttlMinutes: number,
  { now = Date.now, previousSecret = null }: AccessTokenOptions = {},
): AccessTokens {
  const key: KeyObject = secretKey(secret);
  const verificationKeys = previousSecret === null ? [key] : [key, secretKey(previousSecret)];
  return {
    issue: (userId, role, sessionGeneration, sessionId) =>
      jwt.sign({ role, sgen: sessionGeneration, sid: sessionId }, key, {
        algorithm: 'HS256',
        subject: userId,
        expiresIn: ttlMinutes * 60,
        jwtid: randomUUID(),
      }),
    verify(token) {
      const headerEnd = token.indexOf('.');
      const payloadEnd = token.indexOf('.', headerEnd + 1);
      if (headerEnd !== ISSUED_HEADER.length || payloadEnd < 0 || token.startsWith(ISSUED_HEADER) === false) {
        return null;
      }
      const signedPart = token.slice(0, payloadEnd);
      const given = Buffer.from(token.slice(payloadEnd + 1));
      const signedByUs = verificationKeys.some((candidate) => {
        const expected = Buffer.from(createHmac('sha256', candidate).update(signedPart).digest('base64url'));
        return given.length === expected.length && timingSafeEqual(given, expected);
      });
      if (!signedByUs) return null;
      return validClaims(token.slice(headerEnd + 1, payloadEnd), Math.floor(now() / 1000));
    },
  };
}

const secretKey = (secret: string): KeyObject => createSecretKey(Buffer.from(secret, 'utf8'));

function validClaims(encodedPayload: string, nowSeconds: number): AccessTokenClaims | null {
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(encodedPayload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof claims !== 'object' || claims === null) return null;
  const { sub, role, sgen, sid, jti, iat, exp, nbf } = claims as Record<string, unknown>;
  if (typeof sub !== 'string' || typeof jti !== 'string') return null;
  if (typeof iat !== 'number' || typeof exp !== 'number' || nowSeconds >= exp) return null;
  if (nbf !== undefined && (typeof nbf !== 'number' || nowSeconds < nbf)) return null;
  if (!ROLES.has(role)) return null;
  if (sgen !== undefined && !(Number.isSafeInteger(sgen) && (sgen as number) >= 0)) return null;
  if (sid !== undefined && typeof sid !== 'string') return null;
  return claims as AccessTokenClaims;
}
