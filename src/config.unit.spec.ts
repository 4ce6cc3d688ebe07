import test from 'ava';
import { ConfigurationError, loadConfig } from './config.js';

test('no configuration at all is valid and means the embedded default', (t) => {
  const config = loadConfig({});
  t.is(config.databaseUrl, undefined);
  t.deepEqual(config.eventStore, { kind: 'postgres' });
  t.is(config.auth.maxLoginAttempts, 5);
  t.is(config.auth.accessTokenTtlMinutes, 30);
  t.is(config.auth.lockDurationMs, null);
});

test("the original service's variable names keep working", (t) => {
  const config = loadConfig({
    DATABASE_URL: 'postgresql://user:pw@db:5432/app',
    SMTP_SERVER: 'smtp.example.com',
    SMTP_PORT: '2525',
    SMTP_USERNAME: 'mailer',
    SMTP_PASSWORD: 'secret',
    SERVER_BASE_URL: 'https://users.example.com/',
    JWT_SECRET_KEY: 'x'.repeat(40),
  });
  t.is(config.databaseUrl, 'postgresql://user:pw@db:5432/app');
  t.like(config.smtp, { host: 'smtp.example.com', port: 2525, username: 'mailer', password: 'secret' });
  t.is(config.http.publicBaseUrl, 'https://users.example.com');
  t.is(config.secrets.jwtSecret, 'x'.repeat(40));
});

test('every bad variable is named in one error', (t) => {
  const error = t.throws(
    () =>
      loadConfig({
        PORT: 'eighty',
        MAX_LOGIN_ATTEMPTS: '0',
        DATABASE_URL: 'mysql://nope',
        JWT_SECRET_KEY: 'short',
      }),
    { instanceOf: ConfigurationError },
  );
  for (const name of ['PORT', 'MAX_LOGIN_ATTEMPTS', 'DATABASE_URL', 'JWT_SECRET_KEY']) {
    t.true(error.message.includes(name), `${name} is not named`);
  }
});

test('a DATABASE_URL with a TLS mode the database client cannot honour is refused at start, saying what to use', (t) => {
  const error = t.throws(
    () => loadConfig({ DATABASE_URL: 'postgres://db.example.com/ledger?sslmode=prefer' }),
    {
      instanceOf: ConfigurationError,
    },
  );
  t.regex(error.message, /DATABASE_URL.*sslmode=prefer is not supported: use require or verify-full/);
  t.notThrows(() => loadConfig({ DATABASE_URL: 'postgres://db.example.com/ledger?sslmode=verify-full' }));
});

test('EventStoreDB needs its URL', (t) => {
  const error = t.throws(() => loadConfig({ EVENT_STORE: 'eventstoredb' }), {
    instanceOf: ConfigurationError,
  });
  t.regex(error.message, /EVENTSTORE_URL/);
});

test('production refuses to start without its secrets and database', (t) => {
  const error = t.throws(() => loadConfig({ NODE_ENV: 'production' }), { instanceOf: ConfigurationError });
  for (const name of ['JWT_SECRET_KEY', 'DATA_KEY_ENCRYPTION_KEY', 'EMAIL_HASH_KEY', 'DATABASE_URL']) {
    t.true(error.message.includes(name), `${name} is not named`);
  }
});

test('encryption keys must be 32 bytes of base64', (t) => {
  const error = t.throws(() => loadConfig({ DATA_KEY_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') }), {
    instanceOf: ConfigurationError,
  });
  t.regex(error.message, /DATA_KEY_ENCRYPTION_KEY: must be 32 bytes/);
});

test('event feed tokens are configured as name:sha256hex pairs; none when unset', (t) => {
  const analytics = 'a'.repeat(64);
  const billing = '0123456789abcdef'.repeat(4);
  t.deepEqual(loadConfig({}).eventFeedTokens, []);
  t.deepEqual(loadConfig({ EVENT_FEED_TOKENS: '' }).eventFeedTokens, []);
  t.deepEqual(
    loadConfig({ EVENT_FEED_TOKENS: ` analytics:${analytics}, billing_v2-eu:${billing} ` }).eventFeedTokens,
    [
      { service: 'analytics', sha256Hex: analytics },
      { service: 'billing_v2-eu', sha256Hex: billing },
    ],
  );
});

test('a bad event feed token entry names EVENT_FEED_TOKENS, and never echoes the entry', (t) => {
  const hash = 'b'.repeat(64);
  for (const value of [
    'analytics',
    `:${hash}`,
    `ana lytics:${hash}`,
    `analytics:${hash.toUpperCase()}`,
    `analytics:${hash.slice(1)}`,
    `analytics:${hash}:extra`,
    'analytics:ulfeed_pasted-the-token-instead-of-its-hash',
    `analytics:${hash},analytics:${'c'.repeat(64)}`,
  ]) {
    const error = t.throws(() => loadConfig({ EVENT_FEED_TOKENS: value, PORT: 'eighty' }), {
      instanceOf: ConfigurationError,
    });
    t.regex(error.message, /EVENT_FEED_TOKENS: entry \d/, value);
    t.regex(error.message, /PORT/, 'the other bad variables are still named');
    t.false(error.message.includes(value), 'the entry may be a pasted token: it is not echoed');
  }
});

test('CORS origins are exact http(s) origins, comma-separated; none when unset', (t) => {
  t.deepEqual(loadConfig({}).http.corsOrigins, []);
  t.deepEqual(
    loadConfig({ CORS_ALLOWED_ORIGINS: 'https://app.example.com, http://localhost:5173' }).http.corsOrigins,
    ['https://app.example.com', 'http://localhost:5173'],
  );
  for (const bad of [
    'https://app.example.com/',
    'app.example.com',
    'https://app.example.com/path',
    'ftp://x.example.com',
  ]) {
    const error = t.throws(() => loadConfig({ CORS_ALLOWED_ORIGINS: bad }), {
      instanceOf: ConfigurationError,
    });
    t.true(
      error?.problems.some((problem) => problem.startsWith('CORS_ALLOWED_ORIGINS')),
      bad,
    );
  }
});
