import { userStream } from '../domain/index.js';
import type { AuditDeps } from './auditDeps.js';
import { emptyTimeline, step } from './accountTimeline.js';
import { checkStream } from './chainAudit.js';
import { accountState, chainVerification, historyEntry } from './present.js';
import type { AccountExport, HistoryEntry } from './views.js';

/** The account now, its full history and the integrity of that history, from one read of the stream. */
export const exportAccount =
  (deps: AuditDeps) =>
  async (userId: string): Promise<AccountExport | null> => {
    const streamId = userStream(userId.toLowerCase());
    const head = await deps.store.streamRevision(streamId);
    if (head < 0n) return null;
    const stored = await deps.store.readStream(streamId);
    const history: HistoryEntry[] = [];
    let timeline = emptyTimeline;
    for (const recorded of await deps.codec.decodeAll(stored)) {
      const made = step(timeline, recorded);
      history.push(historyEntry(recorded, made));
      timeline = made.after;
    }
    const now = deps.clock();
    const account = accountState(timeline, now);
    if (!account) return null;
    return {
      exported_at: now.toISOString(),
      account,
      history,
      integrity: chainVerification(checkStream(streamId, stored, head)),
    };
  };
