import type { CommandMeta } from '../commands/index.js';
import { HttpError } from './httpErrors.js';

/** ETags are the stream revision: cheap, exact, and what optimistic concurrency compares anyway. */
export const weakETag = (revision: bigint): string => `W/"${revision}"`;

/** The revision an `If-Match` header names, for an append with that expected revision. */
export function revisionFromIfMatch(ifMatch: string | undefined): bigint | undefined {
  if (ifMatch === undefined || ifMatch.trim() === '*') return undefined;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(ifMatch.trim());
  if (!match) throw new HttpError(412, 'If-Match must be an ETag from this API');
  return BigInt(match[1]!);
}

/** The command fails fast (412, never retried) when the account is no longer at the client's revision. */
export function withExpectedRevision(meta: CommandMeta, ifMatch: string | undefined): CommandMeta {
  const expectedRevision = revisionFromIfMatch(ifMatch);
  return expectedRevision === undefined ? meta : { ...meta, expectedRevision };
}
