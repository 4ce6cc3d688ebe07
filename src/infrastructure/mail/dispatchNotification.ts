import { setTimeout as sleep } from 'node:timers/promises';
import type { EmailNotification } from '../../notifications/index.js';
import { TemplateError } from '../../notifications/index.js';
import type { Logger } from '../logging/logger.js';
import type { EmailCounters } from './emailCounters.js';
import type { EmailDeliveries } from './emailDeliveries.js';
import type { EmailQueue } from './emailQueue.js';
import { QueueUnavailableError } from './emailQueue.js';
import type { EmailSender } from './emailSender.js';
import { failureReason } from './failureReason.js';

export type DispatchDeps = {
  queue: EmailQueue;
  sender: EmailSender;
  deliveries: EmailDeliveries;
  counters: EmailCounters;
  log: Logger;
};

/** Sends tried by the subscriber itself while Redis is down, and the backoff between them. */
export type DirectSendPolicy = { attempts: number; backoffMs: number };

/**
 * Hands a notification over exactly once per event: to the queue, or, when Redis is unreachable,
 * straight to the mail server. The email_deliveries row decides: an event that has one was handled
 * before (queued, or sent directly) and is not handed over again, whichever way Redis is now.
 *
 * A direct send is claimed (row written) before it is tried, so a crash in between loses that mail
 * rather than sending it twice. Direct sends that keep failing are recorded as failed and logged;
 * the subscriber moves on rather than holding every later mail back.
 */
export function dispatchNotification(deps: DispatchDeps, policy: DirectSendPolicy) {
  const { log, counters } = deps;

  const sendDirectly = async (notification: EmailNotification, cause: unknown) => {
    const ids = { eventId: notification.eventId, template: notification.template };
    if (!(await deps.deliveries.claimDirect(notification))) return;
    log.warn('email queue unreachable; sending directly', { ...ids, reason: failureReason(cause) });
    for (let attempt = 1; ; attempt += 1) {
      try {
        await deps.sender.send(notification);
        await deps.deliveries.finishDirect(notification.eventId, { sent: true });
        counters.count('sentDirectly');
        log.info('email sent directly', ids);
        return;
      } catch (error) {
        const reason = failureReason(error);
        if (error instanceof TemplateError || attempt >= policy.attempts) {
          await deps.deliveries.finishDirect(notification.eventId, { sent: false, failure: reason });
          counters.count('failed');
          log.error('direct email failed for good; recorded in email_deliveries', { ...ids, reason });
          return;
        }
        counters.count('retried');
        log.warn('direct email attempt failed; retrying', { ...ids, attempt, reason });
        await sleep(policy.backoffMs * 2 ** (attempt - 1));
      }
    }
  };

  return async (notification: EmailNotification): Promise<void> => {
    const ids = { eventId: notification.eventId, template: notification.template };
    const earlier = await deps.deliveries.find(notification.eventId);
    if (earlier) {
      log.info('email already handed over; not again', { ...ids, route: earlier.route });
      return;
    }
    try {
      await deps.queue.enqueue(notification);
    } catch (error) {
      if (!(error instanceof QueueUnavailableError)) throw error;
      return sendDirectly(notification, error.cause ?? error);
    }
    await deps.deliveries.recordEnqueued(notification);
    counters.count('enqueued');
    log.info('email enqueued', ids);
  };
}
