import type { EventStore } from '../infrastructure/eventStore/eventStore.js';
import { pagesThroughCommitted } from '../infrastructure/eventStore/pagesThroughCommitted.js';
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
  store: Pick<EventStore, 'readAll' | 'readStream' | 'streamRevision' | 'lastCommittedPosition'>,
  options: { batchSize?: number; onProgress?: (events: number) => void } = {},
): Promise<ChainAuditReport> {
  const chains = new Map<string, StreamChain>();
  const add = (chain: StreamChain) => chains.set(chain.streamId, chain);
  let events = 0;
  for await (const batch of pagesThroughCommitted(store, { after: 0n, limit: options.batchSize ?? 1000 })) {
    for (const event of batch)
      add(extendChain(chains.get(event.streamId) ?? startChain(event.streamId), event));
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
