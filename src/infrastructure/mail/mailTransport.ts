import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import type { RenderedEmail } from '../../notifications/index.js';
import type { Logger } from '../logging/logger.js';

export type OutgoingMail = RenderedEmail & { eventId: string };

export type MailTransport = {
  /** Resolves once the message is handed over (SMTP server accepted it, or the file is written). */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
};

export type SmtpSettings = { host: string; port: number; username?: string; password?: string };

export type MailTransportOptions = {
  /** Absent: every message becomes `<dataDir>/mail/<time>-<eventId>.eml`. */
  smtp?: SmtpSettings | undefined;
  from: string;
  dataDir: string;
  log: Logger;
  /** Keep SMTP connections open for the next mails (the worker); false for one-off sends. */
  pooled?: boolean;
};

/** SMTP when it is configured, else .eml files under the data folder (the embedded default). */
export function createMailTransport(options: MailTransportOptions): MailTransport {
  return options.smtp
    ? smtpTransport(options.smtp, options.from, options.pooled ?? true)
    : emlFileTransport(join(options.dataDir, 'mail'), options.from, options.log);
}

function smtpTransport(smtp: SmtpSettings, from: string, pooled: boolean): MailTransport {
  const transporter = createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.port === 465,
    ...(smtp.username ? { auth: { user: smtp.username, pass: smtp.password ?? '' } } : {}),
    // A few connections kept open and reused, instead of a connection, greeting and EHLO per mail
    // (about fifteen times the throughput: see bench/pipeline.ts).
    ...(pooled ? { pool: true, maxConnections: 4 } : {}),
    // nodemailer waits minutes by default; a hung server should fail the attempt and let it retry.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(mail) {
      await transporter.sendMail(message(mail, from));
    },
    close: () => transporter.close(),
  };
}

function emlFileTransport(dir: string, from: string, log: Logger): MailTransport {
  const transporter = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail) {
      const info = await transporter.sendMail(message(mail, from));
      await mkdir(dir, { recursive: true });
      const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.eventId}.eml`);
      await writeFile(file, info.message as Buffer);
      log.info('email written to a file (no SMTP configured)', { eventId: mail.eventId, file });
    },
    close: () => transporter.close(),
  };
}

/**
 * The Message-ID is derived from the event, so a mail that does go out twice (a crash between
 * sending and recording it) carries the same id, which many mail systems deduplicate on.
 */
function message(mail: OutgoingMail, from: string) {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';
  return {
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: `<${mail.eventId}@${domain}>`,
    headers: { 'X-Event-Id': mail.eventId },
  };
}
