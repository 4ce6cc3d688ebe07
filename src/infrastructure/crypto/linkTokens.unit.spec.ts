import { randomBytes } from 'node:crypto';
import test from 'ava';
import { createLinkTokens } from './linkTokens.js';

const userId = '0b5c7a36-3a52-4b39-9b43-0d1f1d0b6a11';
const expiresAt = new Date('2026-02-01T10:00:00.000Z');

test('the worker holding the key recomputes the very token the command issued', (t) => {
  const key = randomBytes(32);
  t.is(
    createLinkTokens(key).issue('verify-email', userId, expiresAt),
    createLinkTokens(key).issue('verify-email', userId, expiresAt),
  );
});

test('another purpose, user, expiry or key gives an unrelated token', (t) => {
  const key = randomBytes(32);
  const tokens = createLinkTokens(key);
  const original = tokens.issue('verify-email', userId, expiresAt);
  const variants = [
    tokens.issue('reset-password', userId, expiresAt),
    tokens.issue('verify-email', '9d0f7c3e-5a1b-4c2d-8e3f-1a2b3c4d5e6f', expiresAt),
    tokens.issue('verify-email', userId, new Date(expiresAt.getTime() + 1)),
    createLinkTokens(randomBytes(32)).issue('verify-email', userId, expiresAt),
  ];
  t.is(new Set([original, ...variants]).size, 5);
  t.regex(original, /^[A-Za-z0-9_-]{43}$/);
});
