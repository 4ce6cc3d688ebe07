import { userStream } from '../domain/index.js';
import type { AuditDeps } from './auditDeps.js';
import { foldTimeline } from './accountTimeline.js';
import { decodePayloads } from './decodePayloads.js';
import { accountState } from './present.js';
import type { AccountState } from './views.js';

/** `exists` tells "no such account" from "not registered yet at that instant". */
export type AccountLookup = { account: AccountState } | { account: null; exists: boolean };

/** The account folded from the events recorded up to `at`: deleted and erased accounts included. */
export const accountAt =
  (deps: AuditDeps) =>
  async (userId: string, at: Date): Promise<AccountLookup> => {
    const streamId = userStream(userId.toLowerCase());
    const recorded = await deps.store.readStream(streamId, { until: at });
    const account = accountState(foldTimeline(await decodePayloads(deps.codec, recorded)), at);
    if (account) return { account };
    return { account: null, exists: (await deps.store.streamRevision(streamId)) >= 0n };
  };
