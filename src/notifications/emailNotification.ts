/** The templates under templates/email: `<name>.txt` (a `Subject:` line, a blank line, the body) and `<name>.html`. */
export const templateNames = [
  'email-verification',
  'password-reset',
  'account-locked',
  'account-locked-until',
  'account-unlocked',
  'role-changed',
  'professional-status-granted',
  'password-changed',
  'signed-out',
] as const;
export type TemplateName = (typeof templateNames)[number];

/** A link whose token the renderer recomputes from the user id and expiry (see linkTokens.ts). */
export type TokenLink = { purpose: 'verify-email' | 'reset-password'; expiresAt: string };

/**
 * One email to send for one stored event: what the subscriber enqueues (a BullMQ job's data, kept in
 * Redis) and what the worker renders. It carries the recipient's address and name, which the mail
 * needs, but never a link token: that exists only in the rendered message.
 */
export type EmailNotification = {
  eventId: string;
  userId: string;
  template: TemplateName;
  to: string;
  /** Placeholder values, plain text; the renderer escapes them for HTML. */
  values: Record<string, string>;
  link?: TokenLink;
};

/** Not an email-worthy event: `skipped` says why, for the log. */
export type Skip = { skipped: string };
