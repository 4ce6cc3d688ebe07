import { createHash, timingSafeEqual } from 'node:crypto';
import type { FeedTokenHash } from '../config.js';

/** Marks our tokens, so that secret scanners and people recognise one that leaked. */
const FEED_TOKEN_PREFIX = 'ulfeed_';

export type FeedTokens = {
  /** The service a presented bearer token was issued to; null for anything else. */
  serviceOf(token: string): string | null;
};

/** A new read-only event feed token: the prefix and 32 random bytes, base64url. */
export const mintFeedToken = (randomBytes: (size: number) => Buffer): string =>
  `${FEED_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;

const sha256 = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

/** The EVENT_FEED_TOKENS entry that lets `token` in as `service`. */
export const feedTokenEntry = (service: string, token: string): string =>
  `${service}:${sha256(token).toString('hex')}`;

/**
 * Checks presented tokens against the configured hashes. Plain SHA-256 suffices at rest because a
 * token carries 256 random bits: there is nothing to guess. Equal-length digests are compared in
 * constant time against every entry, with no early exit, so the answer time does not tell how
 * much of a hash matched.
 */
export function createFeedTokens(configured: readonly FeedTokenHash[]): FeedTokens {
  const digests = configured.map(({ service, sha256Hex }) => ({
    service,
    digest: Buffer.from(sha256Hex, 'hex'),
  }));
  return {
    serviceOf(token) {
      const presented = sha256(token);
      let service: string | null = null;
      for (const candidate of digests) {
        if (timingSafeEqual(presented, candidate.digest)) service = candidate.service;
      }
      return service;
    },
  };
}
