import type { EmailLinks, EmailNotification } from '../../notifications/index.js';
import { renderEmail, sampleNotifications } from '../../notifications/index.js';
import type { LinkTokens } from '../crypto/linkTokens.js';
import type { MailTransport } from './mailTransport.js';
import type { TemplateSource } from './templateFiles.js';

/** Renders a notification and hands it to the transport: the one path for the worker and for direct sends. */
export type EmailSender = {
  send(notification: EmailNotification): Promise<void>;
  /** Renders every template with sample values, sending nothing: a broken template fails at start-up. */
  checkTemplates(): Promise<void>;
};

export type EmailSenderDeps = {
  templates: TemplateSource;
  transport: MailTransport;
  links: EmailLinks;
  linkTokens: LinkTokens;
  /**
   * Local setups only (PRINT_VERIFICATION_LINKS): receives a line with the token link of each mail
   * sent. Print it to the console, never to the structured log.
   */
  printLink?: (line: string) => void;
};

export function createEmailSender(deps: EmailSenderDeps): EmailSender {
  const render = async (notification: EmailNotification) =>
    renderEmail(notification, await deps.templates(notification.template), deps);
  return {
    async send(notification) {
      const rendered = await render(notification);
      await deps.transport.send({ ...rendered, eventId: notification.eventId });
      if (deps.printLink && rendered.tokenUrl) {
        deps.printLink(`${notification.template} link (event ${notification.eventId}): ${rendered.tokenUrl}`);
      }
    },
    async checkTemplates() {
      await Promise.all(sampleNotifications().map(render));
    },
  };
}
