import type { LinkTokens } from '../infrastructure/crypto/linkTokens.js';
import type { EmailNotification } from './emailNotification.js';
import { escapeHtml, fillTemplate, TemplateError } from './fillTemplate.js';

/** A template as a deployer wrote it: subject and plain text from `<name>.txt`, HTML from `<name>.html`. */
export type EmailTemplate = { name: string; subject: string; text: string; html: string };

export type RenderedEmail = {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The token link in the mail, if any: only for printing in a local setup (PRINT_VERIFICATION_LINKS). */
  tokenUrl: string | null;
};

/** Where the links in a mail lead. The defaults follow the API's own routes (apiLinks). */
export type EmailLinks = {
  verifyEmail(userId: string, token: string): string;
  resetPassword(userId: string, token: string): string;
  requestPasswordReset: string;
  logIn: string;
};

/**
 * The API's routes. The reset link carries user id and token as query parameters for the page served
 * at that path (src/http/pages/accountPages.ts), which asks for the new password and POSTs all three
 * to /password-reset/confirm; the reset-request and sign-in links open the API's pages too.
 */
export function apiLinks(baseUrl: string): EmailLinks {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    verifyEmail: (userId, token) =>
      `${base}/verify-email/${encodeURIComponent(userId)}/${encodeURIComponent(token)}`,
    resetPassword: (userId, token) =>
      `${base}/password-reset/confirm?${new URLSearchParams({ user_id: userId, token })}`,
    requestPasswordReset: `${base}/password-reset/request`,
    logIn: `${base}/login`,
  };
}

/** `<name>.txt` starts with a `Subject:` line and a blank line; the rest is the plain-text body. */
export function parseTemplate(name: string, txt: string, html: string): EmailTemplate {
  const match = /^Subject:[ \t]*(.*)\r?\n\r?\n([\s\S]*)$/.exec(txt);
  if (!match) throw new TemplateError(name, 'the .txt file must start with "Subject: …" and a blank line');
  return { name, subject: match[1]!.trim(), text: match[2]!, html };
}

/**
 * Fills a template for one notification. Besides the notification's values, every template may use
 * {{requestPasswordResetUrl}} and {{loginUrl}}; a token link is {{verificationUrl}} or {{resetUrl}},
 * its token recomputed here so that it exists only in the rendered mail.
 */
export function renderEmail(
  notification: EmailNotification,
  template: EmailTemplate,
  deps: { links: EmailLinks; linkTokens: LinkTokens },
): RenderedEmail {
  const values: Record<string, string> = {
    ...notification.values,
    requestPasswordResetUrl: deps.links.requestPasswordReset,
    loginUrl: deps.links.logIn,
  };
  const { link, userId } = notification;
  let tokenUrl: string | null = null;
  if (link) {
    const token = deps.linkTokens.issue(link.purpose, userId, new Date(link.expiresAt));
    const verification = link.purpose === 'verify-email';
    tokenUrl = verification ? deps.links.verifyEmail(userId, token) : deps.links.resetPassword(userId, token);
    values[verification ? 'verificationUrl' : 'resetUrl'] = tokenUrl;
  }
  return {
    to: notification.to,
    subject: fillTemplate(template.name, template.subject, values).replace(/[\r\n]+/g, ' '),
    text: fillTemplate(template.name, template.text, values),
    html: fillTemplate(template.name, template.html, values, escapeHtml),
    tokenUrl,
  };
}
