import type { EventStoreDBClient } from '@eventstore/db-client';
import { excludeSystemEvents, START, streamNameFilter } from '@eventstore/db-client';
import type { RecordedEvent, SubscribeOptions, Subscription } from '../eventStore.js';
import { toRecordedEvent } from './esdbEvents.js';

/**
 * EventStoreDB's catch-up subscription, filtered by stream prefix on the server. Iterating it
 * with for-await applies backpressure, so each event waits for the handler of the previous one.
 */
export function subscribeToAll(
  client: EventStoreDBClient,
  { after, streamPrefixes }: SubscribeOptions,
  handler: (event: RecordedEvent) => Promise<void>,
): Subscription {
  const source = client.subscribeToAll({
    // Since 20.6 an event's commit and prepare positions are both its own log position (each
    // event of an append is self-committing), so the commit position alone resumes exactly.
    fromPosition: after > 0n ? { commit: after, prepare: after } : START,
    filter: streamPrefixes ? streamNameFilter({ prefixes: streamPrefixes }) : excludeSystemEvents(),
  });
  let stopping = false;

  const run = async () => {
    try {
      for await (const resolved of source) {
        if (stopping) return;
        const event = toRecordedEvent(resolved);
        if (event && event.position > after) await handler(event);
      }
    } catch (error) {
      if (!stopping) throw error;
    } finally {
      await source.unsubscribe();
    }
  };

  const done = run();
  done.catch(() => undefined);

  return {
    done,
    async stop() {
      stopping = true;
      await source.unsubscribe();
      await done.catch(() => undefined);
    },
  };
}
