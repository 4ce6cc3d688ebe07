import { userStream } from '../domain/index.js';
import type { AuditDeps } from './auditDeps.js';
import { checkStream } from './chainAudit.js';
import { chainVerification } from './present.js';
import type { ChainVerification } from './views.js';

/** Recomputes the account stream's hash chain over the stored (encrypted) events; null when there is none. */
export const verifyAccount =
  (deps: Pick<AuditDeps, 'store'>) =>
  async (userId: string): Promise<ChainVerification | null> => {
    const streamId = userStream(userId.toLowerCase());
    const head = await deps.store.streamRevision(streamId);
    if (head < 0n) return null;
    return chainVerification(checkStream(streamId, await deps.store.readStream(streamId), head));
  };
