import type { EventStore } from '../infrastructure/eventStore/eventStore.js';
import type { ChainBreak, StreamChain } from './chainAudit.js';
import { checkHead, extendChain, startChain } from './chainAudit.js';

export type ChainAuditReport = {
  streams: number;
  events: number;
  /** One entry per broken stream: its first link that does not hold. */
  broken: ChainBreak[];
};

/**
 * Checks the hash chain of every stream in the store: the global log from the start, one chain per
 * stream, then each stream's head against its last checked event, which also takes in what was
 * appended while the log was read. Memory grows with the number of streams, not of events.
 */
export async function auditAllStreams(
  store: Pick<EventStore, 'readAll' | 'readStream' | 'streamRevision'>,
  options: { batchSize?: number; onProgress?: (events: number) => void } = {},
): Promise<ChainAuditReport> {
  const chains = new Map<string, StreamChain>();
  const add = (chain: StreamChain) => chains.set(chain.streamId, chain);
  let after = 0n;
  let events = 0;
  for (;;) {
    const batch = await store.readAll({ after, limit: options.batchSize ?? 1000 });
    if (batch.length === 0) break;
    for (const event of batch)
      add(extendChain(chains.get(event.streamId) ?? startChain(event.streamId), event));
    after = batch.at(-1)!.position;
    events += batch.length;
    options.onProgress?.(events);
  }
  for (const chain of [...chains.values()]) {
    if (chain.broken) continue;
    const head = await store.streamRevision(chain.streamId);
    if (head <= chain.lastRevision) continue;
    const newer = await store.readStream(chain.streamId, { fromRevision: chain.lastRevision + 1n });
    add(checkHead(newer.reduce(extendChain, chain), head));
  }
  const all = [...chains.values()];
  return {
    streams: all.length,
    events: all.reduce((sum, chain) => sum + chain.events, 0),
    broken: all.flatMap((chain) => (chain.broken ? [chain.broken] : [])),
  };
}
