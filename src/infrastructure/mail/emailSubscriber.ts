import type { DatabasePool } from 'slonik';
import { InvalidEventError } from '../../domain/index.js';
import { advanceCheckpoint } from '../../projections/checkpoints.js';
import type { CheckpointedRunner } from '../../projections/runCheckpointed.js';
import { runCheckpointed } from '../../projections/runCheckpointed.js';
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

/** waitFor answers once every event up to a position is handed over (or skipped); stop() finishes the event in hand. */
export type EmailSubscriber = CheckpointedRunner;

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

  return runCheckpointed(
    deps,
    { name, batchSize: options.batchSize ?? 100, kind: 'email subscriber' },
    (stopping) => async (batch, checkpoint) => {
      let handled = checkpoint;
      for (const event of batch) {
        if (stopping()) break;
        await handle(event);
        handled = event.position;
      }
      if (handled === checkpoint) return { advancedTo: checkpoint };
      const found = await advanceCheckpoint(deps.pool, name, checkpoint, handled);
      return found === handled ? { advancedTo: handled } : { movedElsewhere: found };
    },
  );
}
