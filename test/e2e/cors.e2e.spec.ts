import test from 'ava';
import { httpTestbed } from '../support/httpTestbed.js';

const password = 'correct horse battery';
const app = 'https://app.example.com';

test('a listed origin gets its preflight answered and may read answers and their headers', async (t) => {
  const bed = await httpTestbed(t, { CORS_ALLOWED_ORIGINS: `${app},http://localhost:5173` });
  const preflight = await bed.call('OPTIONS', '/me', {
    headers: {
      Origin: app,
      'Access-Control-Request-Method': 'PATCH',
      'Access-Control-Request-Headers': 'authorization, content-type, if-match',
    },
  });
  t.is(preflight.status, 204);
  t.is(preflight.headers.get('Access-Control-Allow-Origin'), app);
  t.regex(preflight.headers.get('Access-Control-Allow-Methods')!, /\bPATCH\b/);
  t.regex(preflight.headers.get('Access-Control-Allow-Headers')!, /Authorization.*Content-Type.*If-Match/);
  t.is(preflight.headers.get('Access-Control-Allow-Credentials'), null, 'bearer tokens, never cookies');

  await bed.call('POST', '/register/', { json: { email: 'me@example.com', password } });
  const login = await bed.call('POST', '/login/', {
    form: { username: 'me@example.com', password },
    headers: { Origin: app },
  });
  t.is(login.headers.get('Access-Control-Allow-Origin'), app);
  t.regex(login.headers.get('Access-Control-Expose-Headers')!, /ETag.*X-Event-Position/);
  t.regex(login.headers.get('Vary')!, /Origin/);
});

test('any other origin gets no CORS header, so browsers keep its pages from reading answers', async (t) => {
  const bed = await httpTestbed(t, { CORS_ALLOWED_ORIGINS: app });
  const elsewhere = { Origin: 'https://evil.example.net', 'Access-Control-Request-Method': 'GET' };
  const preflight = await bed.call('OPTIONS', '/me', { headers: elsewhere });
  t.is(preflight.headers.get('Access-Control-Allow-Origin'), null);
  t.not(preflight.status, 204);
  const read = await bed.call('GET', '/healthz', { headers: { Origin: 'https://evil.example.net' } });
  t.is(read.status, 200);
  t.is(read.headers.get('Access-Control-Allow-Origin'), null);
});

test('without CORS_ALLOWED_ORIGINS no origin is allowed', async (t) => {
  const bed = await httpTestbed(t);
  const read = await bed.call('GET', '/healthz', { headers: { Origin: app } });
  t.is(read.headers.get('Access-Control-Allow-Origin'), null);
});
