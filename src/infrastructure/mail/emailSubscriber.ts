import type { DatabasePool } from 'slonik';
import { InvalidEventError } from '../../domain/index.js';
import { ensureCheckpoint, lockCheckpoint, saveCheckpoint } from '../../projections/checkpoints.js';
import { createEventBuffer } from '../../projections/eventBuffer.js';
import { createProgress } from '../../projections/progress.js';
import type { EventCodec } from '../crypto/eventCodec.js';
import type { EventStore, RecordedEvent } from '../eventStore/eventStore.js';
import type { Logger } from '../logging/logger.js';
import type { DirectSendPolicy, DispatchDeps } from './dispatchNotification.js';
import { dispatchNotification } from './dispatchNotification.js';
import { notificationOf } from './notificationOf.js';

export const emailSubscriptionName = 'email-notifications';

export type EmailSubscriberDeps = DispatchDeps & {
  /** Holds the checkpoint and email_deliveries. */
  pool: DatabasePool;
  store: EventStore;
  codec: EventCodec;
  log: Logger;
};

export type EmailSubscriberOptions = {
  name?: string;
  batchSize?: number;
  direct?: DirectSendPolicy;
};

export type EmailSubscriber = {
  position(): bigint;
  /** Resolves once every event up to `position` is handed over (or skipped); rejects after `timeoutMs`. */
  waitFor(position: bigint, timeoutMs: number): Promise<void>;
  /** Finishes the event in hand, records the checkpoint and ends. */
  stop(): Promise<void>;
  /** Resolves after stop(), rejects with the error that ended the subscriber (restart from the checkpoint). */
  readonly done: Promise<void>;
};

/**
 * Follows the store from its checkpoint and hands each email-worthy event to dispatchNotification,
 * recording the checkpoint after each batch. Delivery is at least once; dispatch makes repeats no-ops.
 * Like the projector it follows every stream, so waitFor answers for any position a write reports.
 */
export function runEmailSubscriber(
  deps: EmailSubscriberDeps,
  options: EmailSubscriberOptions = {},
): EmailSubscriber {
  const name = options.name ?? emailSubscriptionName;
  const { log } = deps;
  const dispatch = dispatchNotification(deps, options.direct ?? { attempts: 3, backoffMs: 1_000 });
  const progress = createProgress(name);
  let stopping = false;
  let closeCurrent = () => {};

  const handle = async (event: RecordedEvent) => {
    let result;
    try {
      result = await notificationOf(deps, event);
    } catch (error) {
      // A stored event we cannot read is a bug to fix upstream, not a reason to stop every mail.
      if (!(error instanceof InvalidEventError)) throw error;
      result = { skipped: 'the stream does not parse' };
    }
    if (result === null) return;
    if ('skipped' in result) {
      log.info('no email for event', { eventId: event.eventId, type: event.type, reason: result.skipped });
      return;
    }
    await dispatch(result);
  };

  const follow = async (after: bigint): Promise<bigint> => {
    const buffer = createEventBuffer(options.batchSize ?? 100);
    closeCurrent = () => buffer.close();
    const subscription = deps.store.subscribeToAll({ after }, buffer.push);
    subscription.done.then(
      () => buffer.close(new Error(`the event subscription of ${name} ended`)),
      (error: unknown) => buffer.close(error),
    );
    let checkpoint = after;
    try {
      for (let batch = await buffer.take(); batch; batch = await buffer.take()) {
        let handled = checkpoint;
        for (const event of batch) {
          if (stopping) break;
          await handle(event);
          handled = event.position;
        }
        if (handled === checkpoint) continue;
        const found = await advanceCheckpoint(deps.pool, name, checkpoint, handled);
        if (found !== handled) {
          log.info('email checkpoint moved elsewhere; resubscribing', { subscription: name });
          return found;
        }
        checkpoint = handled;
        progress.reach(checkpoint);
      }
      return checkpoint;
    } finally {
      buffer.close();
      await subscription.stop();
    }
  };

  const run = async () => {
    let checkpoint = await ensureCheckpoint(deps.pool, name);
    progress.reach(checkpoint);
    while (!stopping) {
      checkpoint = await follow(checkpoint);
      progress.reach(checkpoint);
    }
  };

  const done = run().then(
    () => progress.end(),
    (error: unknown) => {
      progress.end(error);
      log.error('email subscriber failed', { subscription: name, error: String(error) });
      throw error;
    },
  );
  done.catch(() => undefined);

  return {
    done,
    position: progress.position,
    waitFor: progress.waitFor,
    async stop() {
      stopping = true;
      closeCurrent();
      await done.catch(() => undefined);
    },
  };
}

/**
 * Moves the checkpoint from `from` to `to` unless another instance moved it meanwhile; returns where
 * it now is. Two instances only repeat work, which dispatch turns into no-ops.
 */
async function advanceCheckpoint(
  pool: DatabasePool,
  name: string,
  from: bigint,
  to: bigint,
): Promise<bigint> {
  return pool.transaction(async (tx) => {
    const current = await lockCheckpoint(tx, name);
    if (current !== from) return current;
    await saveCheckpoint(tx, name, to);
    return to;
  });
}
