import { createHmac } from 'node:crypto';
import test from 'ava';
import jwt from 'jsonwebtoken';
import { createAccessTokens } from './tokens.js';

const secret = 'a-test-secret-that-is-long-enough-for-hs256';
const userId = '0b5c7a36-3a52-4b39-9b43-0d1f1d0b6a11';
const sessionId = '5d0c2f4e-8a6b-4c1d-9e3f-7a2b1c0d9e8f';
const header = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');

/** A token with our header and any payload, signed with `key`: what a forger with the key could make. */
const signed = (payload: unknown, key = secret) => {
  const body = `${header}.${Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)).toString('base64url')}`;
  return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
};
const acceptedByJsonwebtoken = (token: string) => {
  try {
    jwt.verify(token, secret, { algorithms: ['HS256'] });
    return true;
  } catch {
    return false;
  }
};
const nowSeconds = () => Math.floor(Date.now() / 1000);
const claims = (overrides: Record<string, unknown> = {}) => ({
  role: 'ADMIN',
  sub: userId,
  jti: 'j',
  iat: nowSeconds(),
  exp: nowSeconds() + 60,
  ...overrides,
});

test('an issued token verifies and carries the user id, role, session generation and session, id and expiry', (t) => {
  const tokens = createAccessTokens(secret, 30);
  const token = tokens.issue(userId, 'MANAGER', 3, sessionId);
  const verified = tokens.verify(token);
  t.true(acceptedByJsonwebtoken(token));
  t.like(verified, { sub: userId, role: 'MANAGER', sgen: 3, sid: sessionId });
  t.is(verified!.exp - verified!.iat, 30 * 60);
  t.regex(verified!.jti, /^[0-9a-f-]{36}$/);
});

test('a token signed with another secret, another algorithm or already expired is refused', (t) => {
  const tokens = createAccessTokens(secret, 30);
  t.is(tokens.verify(createAccessTokens(`${secret}-other`, 30).issue('u', 'ADMIN', 0, sessionId)), null);
  t.is(tokens.verify(jwt.sign({ sub: 'u', role: 'ADMIN' }, '', { algorithm: 'none' })), null);
  t.is(tokens.verify(jwt.sign(claims(), secret, { algorithm: 'HS512' })), null);
  t.is(tokens.verify(jwt.sign(claims({ exp: nowSeconds() - 10 }), secret)), null);
  t.is(tokens.verify('not.a.token'), null);
  t.is(tokens.verify(''), null);
});

test('the token expires at its exp second, as jsonwebtoken counts it', (t) => {
  const token = createAccessTokens(secret, 1).issue(userId, 'ADMIN', 0, sessionId);
  const { exp } = jwt.decode(token) as { exp: number };
  t.truthy(createAccessTokens(secret, 1, { now: () => exp * 1000 - 1 }).verify(token));
  t.is(createAccessTokens(secret, 1, { now: () => exp * 1000 }).verify(token), null);
});

test('a correctly signed token whose claims are not the ones we issue is refused', (t) => {
  const tokens = createAccessTokens(secret, 30);
  t.truthy(tokens.verify(signed(claims())), 'the forger helper makes valid tokens');
  t.true(acceptedByJsonwebtoken(signed(claims())));
  for (const payload of [
    claims({ role: 'ROOT' }),
    claims({ sub: 42 }),
    claims({ sub: undefined }),
    claims({ jti: undefined }),
    claims({ exp: '9999999999' }),
    claims({ iat: undefined }),
    claims({ nbf: nowSeconds() + 60 }),
    claims({ nbf: 'soon' }),
    claims({ sgen: -1 }),
    claims({ sgen: 1.5 }),
    claims({ sgen: '2' }),
    claims({ sid: 7 }),
    'not json',
    '"a string"',
    'null',
  ]) {
    t.is(tokens.verify(signed(payload)), null, JSON.stringify(payload));
  }
});

test('a token of an earlier release, without a session generation or session, verifies without them', (t) => {
  const verified = createAccessTokens(secret, 30).verify(signed(claims()));
  t.truthy(verified);
  t.is(verified!.sgen, undefined);
  t.is(verified!.sid, undefined);
});

test('a token with another header, even one jsonwebtoken would take, is refused', (t) => {
  const tokens = createAccessTokens(secret, 30);
  const withKeyId = jwt.sign(claims(), secret, { algorithm: 'HS256', keyid: 'k1' });
  t.true(acceptedByJsonwebtoken(withKeyId));
  t.is(tokens.verify(withKeyId), null);
});

test('every one-character change to a valid token is refused', (t) => {
  const tokens = createAccessTokens(secret, 30);
  const token = tokens.issue(userId, 'AUTHENTICATED', 0, sessionId);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
  let tried = 0;
  for (let index = 0; index < token.length; index += 1) {
    for (const replacement of [alphabet[(alphabet.indexOf(token[index]!) + 1) % alphabet.length]!, '']) {
      const changed = token.slice(0, index) + replacement + token.slice(index + 1);
      t.is(tokens.verify(changed), null, `changed at ${index}`);
      tried += 1;
    }
  }
  t.is(tokens.verify(`${token}.extra`), null);
  t.is(tokens.verify(`${token}=`), null);
  t.true(tried > 200);
});

test('after a rotation, tokens signed with the previous secret verify until they expire; new ones use the current one', (t) => {
  const previous = createAccessTokens(`${secret}-previous`, 30);
  const rotated = createAccessTokens(secret, 30, { previousSecret: `${secret}-previous` });
  const before = previous.issue(userId, 'ADMIN', 0, sessionId);
  t.like(rotated.verify(before), { sub: userId });
  const after = rotated.issue(userId, 'ADMIN', 0, sessionId);
  t.truthy(createAccessTokens(secret, 30).verify(after), 'signed with the current secret');
  t.is(previous.verify(after), null);
  t.is(
    createAccessTokens(secret, 30).verify(before),
    null,
    'once the previous secret is dropped, so are its tokens',
  );
  t.is(
    rotated.verify(createAccessTokens(`${secret}-unrelated`, 30).issue(userId, 'ADMIN', 0, sessionId)),
    null,
  );
});
