import type { CommonQueryMethods } from 'slonik';
import { z } from 'zod';
import type { EmailNotification } from '../../notifications/index.js';
import { sql } from '../postgres/sql.js';

const deliveryRow = z.object({
  route: z.enum(['queue', 'direct']),
  status: z.enum(['enqueued', 'sending', 'sent', 'failed']),
  failure: z.string().nullable(),
});
export type Delivery = z.infer<typeof deliveryRow>;

/** The email_deliveries table: one row per notification the subscriber has handed over, by event id. */
export type EmailDeliveries = {
  find(eventId: string): Promise<Delivery | null>;
  recordEnqueued(notification: EmailNotification): Promise<void>;
  /** True if this caller may send: nobody recorded the event before. */
  claimDirect(notification: EmailNotification): Promise<boolean>;
  finishDirect(eventId: string, outcome: { sent: true } | { sent: false; failure: string }): Promise<void>;
};

export function postgresEmailDeliveries(db: CommonQueryMethods): EmailDeliveries {
  const insert = (notification: EmailNotification, route: Delivery['route'], status: Delivery['status']) =>
    db.maybeOneFirst(sql.type(z.object({ eventId: z.string() }))`
      insert into email_deliveries (event_id, template, route, status)
      values (${notification.eventId}, ${notification.template}, ${route}, ${status})
      on conflict (event_id) do nothing
      returning event_id as "eventId"
    `);
  return {
    find: (eventId) =>
      db.maybeOne(sql.type(deliveryRow)`
        select route, status, failure from email_deliveries where event_id = ${eventId}
      `),
    async recordEnqueued(notification) {
      await insert(notification, 'queue', 'enqueued');
    },
    async claimDirect(notification) {
      return (await insert(notification, 'direct', 'sending')) !== null;
    },
    async finishDirect(eventId, outcome) {
      await db.query(sql.typeAlias('void')`
        update email_deliveries
        set status = ${outcome.sent ? 'sent' : 'failed'},
            failure = ${outcome.sent ? null : outcome.failure},
            updated_at = now()
        where event_id = ${eventId}
      `);
    },
  };
}
