import { createHash, randomBytes } from 'node:crypto';
import test from 'ava';
import { loadConfig } from '../config.js';
import { createFeedTokens, feedTokenEntry, mintFeedToken } from './feedTokens.js';

const configured = (...entries: string[]) =>
  createFeedTokens(loadConfig({ EVENT_FEED_TOKENS: entries.join(',') }).eventFeedTokens);

test('a minted token is ulfeed_ and 32 random bytes in base64url, new every time', (t) => {
  const token = mintFeedToken(randomBytes);
  t.regex(token, /^ulfeed_[A-Za-z0-9_-]{43}$/);
  t.is(Buffer.from(token.slice('ulfeed_'.length), 'base64url').length, 32);
  t.not(mintFeedToken(randomBytes), token);
  t.is(
    mintFeedToken((size) => Buffer.alloc(size, 0xff)),
    `ulfeed_${'_'.repeat(42)}8`,
  );
});

test('the configuration entry is the name and the lowercase hex SHA-256 of the token', (t) => {
  const token = mintFeedToken(randomBytes);
  const sha256Hex = createHash('sha256').update(token).digest('hex');
  t.is(feedTokenEntry('analytics', token), `analytics:${sha256Hex}`);
  t.false(feedTokenEntry('analytics', token).includes(token));
});

test('a configured token is recognised as its service, among several', (t) => {
  const analytics = mintFeedToken(randomBytes);
  const billing = mintFeedToken(randomBytes);
  const tokens = configured(feedTokenEntry('analytics', analytics), feedTokenEntry('billing', billing));
  t.is(tokens.serviceOf(analytics), 'analytics');
  t.is(tokens.serviceOf(billing), 'billing');
});

test('an unknown, altered, truncated or empty token is nobody', (t) => {
  const token = mintFeedToken(randomBytes);
  const tokens = configured(feedTokenEntry('analytics', token));
  const altered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
  for (const presented of [mintFeedToken(randomBytes), altered, token.slice(0, -1), `${token} `, '']) {
    t.is(tokens.serviceOf(presented), null, presented);
  }
});

test('the configured hash itself is not a token', (t) => {
  const token = mintFeedToken(randomBytes);
  const entry = feedTokenEntry('analytics', token);
  t.is(configured(entry).serviceOf(entry.slice('analytics:'.length)), null);
});

test('with no token configured, nothing is accepted', (t) => {
  t.is(createFeedTokens([]).serviceOf(mintFeedToken(randomBytes)), null);
});
