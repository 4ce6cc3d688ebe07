import { randomBytes } from 'node:crypto';
import test from 'ava';
import { createLinkTokens } from '../infrastructure/crypto/linkTokens.js';
import type { EmailNotification } from './emailNotification.js';
import { MissingPlaceholderError, TemplateError } from './fillTemplate.js';
import { apiLinks, parseTemplate, renderEmail } from './renderEmail.js';

const userId = '0b5c7a36-3a52-4b39-9b43-0d1f1d0b6a11';
const expiresAt = '2030-01-02T12:00:00.000Z';
const linkTokens = createLinkTokens(randomBytes(32));
const deps = { links: apiLinks('https://users.example.com/'), linkTokens };

const verification: EmailNotification = {
  eventId: '7f0e1d2c-3b4a-4596-8877-665544332211',
  userId,
  template: 'email-verification',
  to: 'ada@example.com',
  values: { name: 'Ada <Lovelace>', expiresAt: '2030-01-02 12:00 UTC' },
  link: { purpose: 'verify-email', expiresAt },
};
const template = parseTemplate(
  'email-verification',
  'Subject: Confirm, {{name}}\n\nOpen {{verificationUrl}} before {{expiresAt}}.\n',
  '<a href="{{verificationUrl}}">Hello {{name}}</a>',
);

test('the verification link carries the token recomputed from user and expiry', (t) => {
  const token = linkTokens.issue('verify-email', userId, new Date(expiresAt));
  const mail = renderEmail(verification, template, deps);
  const url = `https://users.example.com/verify-email/${userId}/${token}`;
  t.is(mail.text, `Open ${url} before 2030-01-02 12:00 UTC.\n`);
  t.is(mail.tokenUrl, url);
  t.is(mail.to, 'ada@example.com');
});

test('values are HTML-escaped in the HTML part only', (t) => {
  const mail = renderEmail(verification, template, deps);
  t.true(mail.html.includes('Hello Ada &#60;Lovelace&#62;'));
  t.is(mail.subject, 'Confirm, Ada <Lovelace>');
});

test('the reset link is a page URL with user id and token as query parameters', (t) => {
  const token = linkTokens.issue('reset-password', userId, new Date(expiresAt));
  const reset = parseTemplate('password-reset', 'Subject: Reset\n\n{{resetUrl}}', '{{resetUrl}}');
  const mail = renderEmail(
    { ...verification, template: 'password-reset', link: { purpose: 'reset-password', expiresAt } },
    reset,
    deps,
  );
  t.is(mail.text, `https://users.example.com/password-reset/confirm?user_id=${userId}&token=${token}`);
});

test('a template may not use a link the notification does not have', (t) => {
  const locked = parseTemplate('account-locked', 'Subject: Locked\n\n{{resetUrl}}', '');
  t.throws(
    () => renderEmail({ ...verification, template: 'account-locked', link: undefined }, locked, deps),
    {
      instanceOf: MissingPlaceholderError,
    },
  );
});

test('a .txt template must start with its Subject line', (t) => {
  t.throws(() => parseTemplate('role-changed', 'Hello {{name}}', ''), { instanceOf: TemplateError });
});
