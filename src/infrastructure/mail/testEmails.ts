import { randomUUID } from 'node:crypto';
import { sampleNotifications } from '../../notifications/index.js';
import type { TemplateName } from '../../notifications/index.js';
import type { EmailSender } from './emailSender.js';

export type TestEmails = { send(template: TemplateName, to: string): Promise<void> };

/** A sample of one template, rendered with sample values and sent to `to` right away (no queue). */
export function createTestEmails(sender: EmailSender): TestEmails {
  return {
    async send(template, to) {
      const sample = sampleNotifications().find((notification) => notification.template === template);
      if (!sample) throw new Error(`no sample for template ${template}`);
      await sender.send({ ...sample, eventId: randomUUID(), to });
    },
  };
}
