import { userStream } from '../domain/index.js';
import type { ReadStreamOptions, RecordedEvent } from '../infrastructure/eventStore/eventStore.js';
import type { AuditDeps } from './auditDeps.js';
import type { TimelineStep } from './accountTimeline.js';
import { emptyTimeline, foldTimeline, step } from './accountTimeline.js';
import { decodePayloads } from './decodePayloads.js';
import { historyEntry } from './present.js';
import type { HistoryEntry } from './views.js';

export type HistoryQuery = {
  /** Only these event types; all when absent. */
  types?: ReadonlySet<string>;
  /** Only events recorded at or after this instant. */
  from?: Date;
  /** Only events recorded at or before this instant. */
  to?: Date;
  /** Only events after this revision (exclusive): the previous page's last. */
  afterRevision?: bigint;
  limit: number;
};

export type HistoryResult = { entries: HistoryEntry[]; nextAfterRevision: bigint | null };

const FILTERED_CHUNK = 500n;

/**
 * A page of an account's history, in revision order; null when the account never existed. Each
 * entry's diff needs the state before it, so the events before the page are folded too (payloads
 * only). A stream's events are recorded in time order (see planWrite), so the range's `to` is a
 * prefix of the stream and reading stops there.
 */
export const readHistory =
  (deps: AuditDeps) =>
  async (userId: string, query: HistoryQuery): Promise<HistoryResult | null> => {
    const streamId = userStream(userId.toLowerCase());
    const head = await deps.store.streamRevision(streamId);
    if (head < 0n) return null;
    const read = (options: ReadStreamOptions) =>
      deps.store.readStream(streamId, { ...options, ...(query.to ? { until: query.to } : {}) });

    let timeline = emptyTimeline;
    let next = 0n;
    if (query.afterRevision !== undefined && query.afterRevision >= 0n) {
      timeline = foldTimeline(
        await decodePayloads(deps.codec, await read({ toRevision: query.afterRevision })),
      );
      next = query.afterRevision + 1n;
    }
    const filtered = query.types !== undefined || query.from !== undefined;
    const chunk = filtered ? FILTERED_CHUNK : BigInt(query.limit + 1);
    // One match past the page tells whether there is a next page.
    const matched: { stored: RecordedEvent; made: TimelineStep }[] = [];
    while (matched.length <= query.limit && next <= head) {
      const stored = await read({ fromRevision: next, toRevision: next + chunk - 1n });
      if (stored.length === 0) break;
      for (const [index, recorded] of (await decodePayloads(deps.codec, stored)).entries()) {
        const made = step(timeline, recorded);
        timeline = made.after;
        if (matches(recorded, query)) matched.push({ stored: stored[index]!, made });
        if (matched.length > query.limit) break;
      }
      next = stored.at(-1)!.revision + 1n;
    }
    const page = matched.slice(0, query.limit);
    const decoded = await deps.codec.decodeAll(page.map(({ stored }) => stored));
    return {
      entries: page.map(({ made }, index) => historyEntry(decoded[index]!, made)),
      nextAfterRevision: matched.length > query.limit ? page.at(-1)!.stored.revision : null,
    };
  };

const matches = (recorded: RecordedEvent, { types, from }: HistoryQuery): boolean =>
  (types === undefined || types.has(recorded.type)) && (from === undefined || recorded.recordedAt >= from);
