import type { DatabasePool } from 'slonik';
import { isPublishedStream, toEnvelope } from '../../eventFeed/index.js';
import { advanceCheckpoint, ensureCheckpoint } from '../../projections/checkpoints.js';
import { followStore } from '../../projections/followStore.js';
import { createProgress } from '../../projections/progress.js';
import type { EventCodec } from '../crypto/eventCodec.js';
import type { EventStore, RecordedEvent } from '../eventStore/eventStore.js';
import type { Logger } from '../logging/logger.js';
import type { RelayPublisher } from './kafkaPublisher.js';
import { relayMessagesFor } from './relayMessages.js';
import { createRestartDelay } from './restartDelay.js';

export type KafkaRelayDeps = {
  /** Holds the relay's checkpoint (and the data keys the codec reads). */
  pool: DatabasePool;
  store: EventStore;
  codec: EventCodec;
  log: Logger;
  publisher: RelayPublisher;
};

export type KafkaRelayOptions = {
  subscriptionName: string;
  topic: string;
  seedTopics: boolean;
  batchSize: number;
  /** Wait after the first failure, doubling up to maxMs while failures continue. */
  restart?: { initialMs: number; maxMs: number };
  /** How long stop() lets a batch in flight finish before it gives up on it. */
  stopTimeoutMs?: number;
};

export type KafkaRelay = {
  /** The checkpoint: every event up to it is acknowledged by Kafka. */
  position(): bigint;
  waitFor(position: bigint, timeoutMs: number): Promise<void>;
  /** True while connected to Kafka, for readiness checks. */
  connected(): boolean;
  stop(): Promise<void>;
  /** Resolves after stop(). Failures never end the relay: it logs them and restarts with backoff. */
  readonly done: Promise<void>;
};

/**
 * Publishes every stored user event to Kafka, in order, at least once. It follows the store from its
 * checkpoint, sends what arrived as one batch, and only then moves the checkpoint; a crash between
 * the two re-sends the batch on restart (consumers deduplicate on eventId). Any failure (broker
 * away, database away) ends the current attempt: the relay disconnects, waits with backoff and
 * resumes from the checkpoint. It runs beside the request path and never slows a command down.
 */
export function runKafkaRelay(deps: KafkaRelayDeps, options: KafkaRelayOptions): KafkaRelay {
  const { pool, store, codec, log, publisher } = deps;
  const name = options.subscriptionName;
  const progress = createProgress(name);
  const restartDelay = createRestartDelay(options.restart ?? { initialMs: 1_000, maxMs: 30_000 });
  let stopping = false;
  let isConnected = false;
  let closeCurrent = () => {};

  const publish = async (batch: readonly RecordedEvent[]) => {
    const published = batch.filter((event) => isPublishedStream(event.streamId));
    if (published.length === 0) return;
    // The topic is internal and entitled to personal data; credentials are removed all the same.
    const envelopes = (await codec.decodeAll(published)).map((event) =>
      toEnvelope(event, { personal: true }),
    );
    await publisher.publish(envelopes.flatMap((envelope) => relayMessagesFor(envelope, options)));
  };

  // Follows every stream, not only user streams, so the checkpoint passes system events too and
  // the lag metric (events after the checkpoint) drops to zero when the relay is caught up.
  const follow = async (after: bigint): Promise<bigint> => {
    const pass = followStore(
      store,
      { name, after, batchSize: options.batchSize },
      async (batch, checkpoint) => {
        const last = batch.at(-1)!.position;
        await publish(batch);
        restartDelay.reset();
        const found = await advanceCheckpoint(pool, name, checkpoint, last);
        if (found === last) return { advancedTo: last };
        log.info('kafka relay checkpoint moved elsewhere; resubscribing', { subscription: name });
        return { movedElsewhere: found };
      },
      progress.reach,
    );
    closeCurrent = pass.close;
    if (stopping) pass.close();
    return pass.ended;
  };

  const attempt = async () => {
    try {
      await publisher.connect();
      isConnected = true;
      let checkpoint = await ensureCheckpoint(pool, name);
      progress.reach(checkpoint);
      while (!stopping) {
        checkpoint = await follow(checkpoint);
        progress.reach(checkpoint);
      }
    } finally {
      isConnected = false;
      await publisher.disconnect().catch(() => undefined);
    }
  };

  const run = async () => {
    while (!stopping) {
      try {
        await attempt();
      } catch (error) {
        if (stopping) break;
        const delayMs = restartDelay.next();
        log.warn('kafka relay failed; restarting from its checkpoint', {
          subscription: name,
          error: String(error),
          retryInMs: delayMs,
        });
        await restartDelay.wait(delayMs);
      }
    }
  };

  const done = run().finally(() => progress.end());
  done.catch(() => undefined);

  return {
    done,
    position: progress.position,
    waitFor: progress.waitFor,
    connected: () => isConnected,
    async stop() {
      stopping = true;
      closeCurrent();
      restartDelay.interrupt();
      // A send to a broker that has gone away retries for a long while; shutdown does not wait for it.
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>(
        (resolve) => (timer = setTimeout(resolve, options.stopTimeoutMs ?? 10_000)),
      );
      await Promise.race([done, timeout]);
      clearTimeout(timer);
    },
  };
}
