import type { DatabasePool } from 'slonik';
import { startCatchUpSubscription } from '../catchUpSubscription.js';
import type { EventStore, Subscription } from '../eventStore.js';
import { createWakeUp } from '../wakeUp.js';
import { createAppendNotifier, APPENDED_CHANNEL } from './appendNotifier.js';
import { createAppendToStreams } from './appendToStreams.js';
import type { NotificationListener } from './notificationListener.js';
import { createNotificationListener } from './notificationListener.js';
import {
  headPosition,
  lastCommittedPosition,
  readAll,
  readSubscriptionPage,
  readStream,
  streamRevision,
} from './readEvents.js';

export type PostgresEventStoreOptions = {
  /** Source of recordedAt. */
  clock?: () => Date;
  /** How often an idle subscription looks for events when no notification wakes it. */
  pollIntervalMs?: number;
  batchSize?: number;
};

const HELD_BACK_POLL_MS = 10;

/** `pool` must be migrated (see `migrate`). The caller owns it: close() leaves it open. */
export function createPostgresEventStore(
  pool: DatabasePool,
  options: PostgresEventStoreOptions = {},
): EventStore {
  const { clock = () => new Date(), pollIntervalMs = 500, batchSize = 500 } = options;
  const appendToStreams = createAppendToStreams(pool, clock);
  const notifier = createAppendNotifier(pool);
  const subscriptions = new Set<Subscription>();
  let listener: NotificationListener | null = null;

  return {
    async appendToStreams(writes) {
      const result = await appendToStreams(writes);
      notifier.appended();
      return result;
    },
    readStream: (streamId, readOptions) => readStream(pool, streamId, readOptions),
    streamRevision: (streamId) => streamRevision(pool, streamId),
    readAll: (readOptions) => readAll(pool, readOptions),
    headPosition: () => headPosition(pool),
    lastCommittedPosition: () => lastCommittedPosition(pool),

    subscribeToAll({ after, streamPrefixes }, handler) {
      listener ??= createNotificationListener(pool.configuration.connectionUri, APPENDED_CHANNEL);
      const wakeUp = createWakeUp();
      const unsubscribe = listener.subscribe(wakeUp.wake);
      // Notifications only say "something committed": a wake-up before the watermark has moved
      // finds nothing. While committed events wait behind the watermark (an older transaction,
      // possibly one that appends nothing and so never notifies, is still open) the loop looks
      // again soon; otherwise the poll interval picks up whatever a lost notification missed.
      const subscription = startCatchUpSubscription({
        after,
        batchSize,
        readBatch: (position) =>
          readSubscriptionPage(pool, {
            after: position,
            limit: batchSize,
            ...(streamPrefixes && { streamPrefixes }),
          }),
        wakeUp,
        pollIntervalMs,
        heldBackPollMs: HELD_BACK_POLL_MS,
        handler,
      });
      subscriptions.add(subscription);
      void subscription.done
        .catch(() => undefined)
        .finally(() => {
          unsubscribe();
          subscriptions.delete(subscription);
        });
      return subscription;
    },

    async close() {
      await Promise.all([...subscriptions].map((subscription) => subscription.stop()));
      await listener?.close();
      await notifier.settled();
      listener = null;
    },
  };
}
