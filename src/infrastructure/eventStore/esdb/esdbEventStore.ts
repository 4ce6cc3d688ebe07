import { EventStoreDBClient } from '@eventstore/db-client';
import type { EventStore, Subscription } from '../eventStore.js';
import { createAppendToStreams } from './esdbAppend.js';
import { headPosition, readAll, readLastEvent, readStream } from './esdbReads.js';
import { subscribeToAll } from './esdbSubscription.js';

export type EsdbEventStoreOptions = {
  /** Source of recordedAt, stored in each event's metadata and covered by its hash. */
  clock?: () => Date;
};

/**
 * The EventStore port over EventStoreDB. Streams are used as named (`user-<uuid>`), event ids are
 * ours (EventStoreDB deduplicates on them), the global position is the commit position. Reading
 * $all needs a user allowed to, such as the default admin.
 */
export function createEsdbEventStore(
  connectionString: string,
  options: EsdbEventStoreOptions = {},
): EventStore {
  const client = EventStoreDBClient.connectionString(connectionString);
  const clock = options.clock ?? (() => new Date());
  const subscriptions = new Set<Subscription>();

  return {
    appendToStreams: createAppendToStreams(client, clock),
    readStream: (streamId, readOptions) => readStream(client, streamId, readOptions),
    streamRevision: async (streamId) => (await readLastEvent(client, streamId))?.revision ?? -1n,
    readAll: (readOptions) => readAll(client, readOptions),
    headPosition: () => headPosition(client),
    // EventStoreDB shows a committed event to every reader at once: nothing waits behind a watermark.
    lastCommittedPosition: () => headPosition(client),

    subscribeToAll(subscribeOptions, handler) {
      const subscription = subscribeToAll(client, subscribeOptions, handler);
      subscriptions.add(subscription);
      void subscription.done.catch(() => undefined).finally(() => subscriptions.delete(subscription));
      return subscription;
    },

    async close() {
      await Promise.all([...subscriptions].map((subscription) => subscription.stop()));
      await client.dispose();
    },
  };
}
