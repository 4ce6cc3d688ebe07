import test from 'ava';
import jwt from 'jsonwebtoken';
import { createAccessTokens } from './tokens.js';

const secret = 'a-test-secret-that-is-long-enough-for-hs256';

test('an issued token verifies and carries the user id, role, id and expiry', (t) => {
  const tokens = createAccessTokens(secret, 30);
  const claims = tokens.verify(tokens.issue('0b5c7a36-3a52-4b39-9b43-0d1f1d0b6a11', 'MANAGER'));
  t.like(claims, { sub: '0b5c7a36-3a52-4b39-9b43-0d1f1d0b6a11', role: 'MANAGER' });
  t.is(claims!.exp - claims!.iat, 30 * 60);
  t.regex(claims!.jti, /^[0-9a-f-]{36}$/);
});

test('a token signed with another secret, another algorithm or already expired is refused', (t) => {
  const tokens = createAccessTokens(secret, 30);
  t.is(tokens.verify(createAccessTokens(`${secret}-other`, 30).issue('u', 'ADMIN')), null);
  t.is(tokens.verify(jwt.sign({ sub: 'u', role: 'ADMIN' }, '', { algorithm: 'none' })), null);
  const expired = jwt.sign({ role: 'ADMIN', exp: Math.floor(Date.now() / 1000) - 10 }, secret, {
    subject: 'u',
  });
  t.is(tokens.verify(expired), null);
  t.is(tokens.verify('not.a.token'), null);
});
