import { z } from 'zod';
import type { EmailTuning } from './infrastructure/mail/emailSettings.js';
import { databaseUrlProblem } from './infrastructure/postgres/databaseUrl.js';

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const base64Key = z
  .string()
  .trim()
  .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
  .optional();

const booleanFlag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** A list in one variable: entries separated by commas, blanks around them and empty ones ignored. */
const commaSeparated = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ''),
  );

/** A service's name in EVENT_FEED_TOKENS and in `npm run feed:token -- <name>`. */
export const FEED_TOKEN_SERVICE_NAME = /^[A-Za-z0-9_-]+$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

export type FeedTokenHash = { service: string; sha256Hex: string };

/**
 * `name:sha256hex,…`. Only hashes are configured, so the environment never holds a token; an
 * entry is never echoed in the error, in case a token was pasted where its hash belongs.
 */
const feedTokenHashes = commaSeparated.transform((entries, context) => {
  const hashes: FeedTokenHash[] = [];
  entries.forEach((entry, index) => {
    const [service = '', sha256Hex = '', ...rest] = entry.split(':');
    if (!FEED_TOKEN_SERVICE_NAME.test(service) || !SHA256_HEX.test(sha256Hex) || rest.length > 0) {
      context.addIssue({
        code: 'custom',
        message: `entry ${index + 1} must be name:sha256hex (letters, digits, _ or - in the name; the token's SHA-256 as 64 lowercase hex digits)`,
      });
    } else if (hashes.some((hash) => hash.service === service || hash.sha256Hex === sha256Hex)) {
      context.addIssue({ code: 'custom', message: `entry ${index + 1} repeats a name or a hash` });
    } else {
      hashes.push({ service, sha256Hex });
    }
  });
  return hashes;
});

/**
 * `https://app.example.com,http://localhost:5173`: origins exactly as browsers send them (no path,
 * no trailing slash), so that a typo is an error at start rather than a silent mismatch.
 */
const corsOrigins = commaSeparated.transform((origins, context) => {
  for (const origin of origins) {
    if (!URL.canParse(origin) || new URL(origin).origin !== origin || !/^https?:/.test(origin)) {
      context.addIssue({
        code: 'custom',
        message: `not an http(s) origin such as https://app.example.com: ${origin}`,
      });
    }
  }
  return origins;
});

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8000),
  SERVER_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATA_DIR: z.string().default('.data'),
  EMBEDDED_POSTGRES_PORT: z.coerce.number().int().min(1).max(65535).default(54329),

  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .superRefine((url, context) => {
      const problem = databaseUrlProblem(url);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
  DATABASE_POOL_SIZE: positiveInt(10),
  EVENT_STORE: z.enum(['postgres', 'eventstoredb']).default('postgres'),
  EVENTSTORE_URL: z
    .string()
    .trim()
    .regex(/^(esdb|kurrentdb)(\+discover)?:\/\//, 'must be an esdb:// connection string')
    .optional(),

  JWT_SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_PREVIOUS_SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  ACCESS_TOKEN_EXPIRE_MINUTES: positiveInt(30),
  REFRESH_TOKEN_EXPIRE_DAYS: positiveInt(14),
  REFRESH_TOKEN_REUSE_LEEWAY_SECONDS: z.coerce.number().int().min(0).default(30),
  DATA_KEY_ENCRYPTION_KEY: base64Key,
  DATA_KEY_PREVIOUS_ENCRYPTION_KEY: base64Key,
  EMAIL_HASH_KEY: base64Key,

  MAX_LOGIN_ATTEMPTS: positiveInt(5),
  ACCOUNT_LOCK_MINUTES: z.coerce.number().int().positive().optional(),
  VERIFICATION_TOKEN_TTL_HOURS: positiveInt(24),
  PASSWORD_RESET_TOKEN_TTL_MINUTES: positiveInt(60),

  SMTP_SERVER: optionalString,
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  SMTP_USERNAME: optionalString,
  SMTP_PASSWORD: optionalString,
  SMTP_FROM: z.string().default('User Ledger <no-reply@localhost>'),
  REDIS_URL: optionalString,
  KAFKA_BROKERS: optionalString,
  KAFKA_TOPIC: z.string().default('user-events'),
  KAFKA_SEED_TOPICS: booleanFlag(false),
  KAFKA_CLIENT_ID: z.string().default('user-ledger'),
  TRUST_PROXY: z.string().default('loopback'),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(30),
  RATE_LIMIT_REDIS_PREFIX: z.string().min(1).default('user-ledger:rate-limit'),
  CORS_ALLOWED_ORIGINS: corsOrigins,
  METRICS_TOKEN_SHA256: z
    .string()
    .trim()
    .toLowerCase()
    .regex(SHA256_HEX, 'must be the SHA-256 of the token, in hex (64 characters)')
    .optional(),
  QUERY_CONSISTENCY_TIMEOUT_MS: positiveInt(5000),
  RUN_WORKERS_IN_PROCESS: booleanFlag(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PRINT_VERIFICATION_LINKS: z.enum(['true', 'false', '1', '0', 'yes', 'no']).optional(),
  EMAIL_IN_PROCESS: booleanFlag(true),
  EMAIL_TEST_ROUTES: booleanFlag(true),
  EMAIL_QUEUE: z
    .string()
    .regex(/^[^:]+$/, 'must not contain ":"')
    .default('email'),
  EMAIL_QUEUE_PREFIX: z
    .string()
    .regex(/^[^:]+$/, 'must not contain ":"')
    .default('user-ledger'),
  EMAIL_ATTEMPTS: positiveInt(8),
  EMAIL_BACKOFF_MS: positiveInt(5000),
  EMAIL_KEEP_SENT_DAYS: positiveInt(7),
  EMAIL_KEEP_FAILED_DAYS: positiveInt(30),
  EMAIL_TEMPLATES_DIR: optionalString,
  EVENT_FEED_TOKENS: feedTokenHashes,
});

export type Environment = z.infer<typeof environmentSchema>;

export type Config = {
  nodeEnv: Environment['NODE_ENV'];
  http: {
    host: string;
    port: number;
    publicBaseUrl: string;
    /** Express `trust proxy`: only these peers may tell us the client IP (X-Forwarded-For). */
    trustProxy: string | boolean;
    /** Per client IP and minute on login, register, resend and reset; 0 turns it off. */
    rateLimitPerMinute: number;
    /** Where the shared counters live in Redis (with REDIS_URL), so deployments sharing one count apart. */
    rateLimitRedisPrefix: string;
    /** Origins (`scheme://host[:port]`) whose browser applications may call the API; none by default. */
    corsOrigins: string[];
    /** The SHA-256 of the bearer token a scraper of /metrics must present; null leaves /metrics open. */
    metricsTokenSha256: Buffer | null;
  };
  /** How long a query waits for the read model to catch up before answering 503. */
  queryConsistencyTimeoutMs: number;
  dataDir: string;
  /** Absent means: start the embedded PostgreSQL under dataDir, on embeddedPostgresPort. */
  databaseUrl: string | undefined;
  /** Each process's connections at most (the LISTEN connections come on top: one per channel). */
  databasePoolSize: number;
  embeddedPostgresPort: number;
  eventStore: { kind: 'postgres' } | { kind: 'eventstoredb'; url: string };
  secrets: {
    jwtSecret: string | undefined;
    /** The secret before the last rotation: its tokens still verify until they expire. */
    jwtPreviousSecret: string | undefined;
    dataKeyEncryptionKey: Buffer | undefined;
    /** The key-encryption key before a rotation, until `npm run keys:rewrap` has moved every data key. */
    previousDataKeyEncryptionKey: Buffer | undefined;
    emailHashKey: Buffer | undefined;
  };
  auth: {
    accessTokenTtlMinutes: number;
    /** A refresh token unused this long expires; each use hands out a successor with a fresh term. */
    refreshTokenTtlMs: number;
    /** A spent refresh token shown again within this long is refused, not taken for a theft (a retried request). */
    refreshTokenReuseLeewayMs: number;
    maxLoginAttempts: number;
    lockDurationMs: number | null;
    verificationTokenTtlMs: number;
    passwordResetTokenTtlMs: number;
  };
  smtp: { host: string; port: number; username?: string; password?: string; from: string } | undefined;
  redisUrl: string | undefined;
  kafka: { brokers: string[]; topic: string; seedTopics: boolean; clientId: string } | undefined;
  logLevel: Environment['LOG_LEVEL'];
  /** The embedded default runs every subscriber inside the API process; compose runs each as its own service. */
  runWorkersInProcess: boolean;
  /** Print each verification link to the console (default: the embedded default without SMTP). */
  printVerificationLinks: boolean;
  email: EmailTuning & { inProcess: boolean; testRoutes: boolean };
  /** Read-only service tokens for the HTTP event feed, as SHA-256 hashes; empty means none. */
  eventFeedTokens: FeedTokenHash[];
};

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

/** Every variable the service reads; `.env.example` documents each one. */
export const CONFIGURATION_VARIABLES = Object.keys(environmentSchema.shape);

/**
 * Reads and validates the environment once; every bad variable is named in one error. A variable
 * set to nothing (`ACCOUNT_LOCK_MINUTES=` in an env file) counts as unset, so it takes its default.
 */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value?.trim() !== ''));
  const parsed = environmentSchema.safeParse(given);
  if (!parsed.success) {
    throw new ConfigurationError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.EVENT_STORE === 'eventstoredb' && !e.EVENTSTORE_URL) {
    problems.push('EVENTSTORE_URL: required when EVENT_STORE=eventstoredb');
  }
  if (e.NODE_ENV === 'production') {
    for (const name of [
      'JWT_SECRET_KEY',
      'DATA_KEY_ENCRYPTION_KEY',
      'EMAIL_HASH_KEY',
      'DATABASE_URL',
    ] as const) {
      if (!e[name]) problems.push(`${name}: required when NODE_ENV=production`);
    }
  }
  if (problems.length > 0) throw new ConfigurationError(problems);

  const key = (value: string | undefined) => (value ? Buffer.from(value, 'base64') : undefined);
  return {
    nodeEnv: e.NODE_ENV,
    http: {
      host: e.HOST,
      port: e.PORT,
      publicBaseUrl: (e.SERVER_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
      trustProxy: e.TRUST_PROXY === 'true' ? true : e.TRUST_PROXY === 'false' ? false : e.TRUST_PROXY,
      rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
      rateLimitRedisPrefix: e.RATE_LIMIT_REDIS_PREFIX,
      corsOrigins: e.CORS_ALLOWED_ORIGINS,
      metricsTokenSha256: e.METRICS_TOKEN_SHA256 ? Buffer.from(e.METRICS_TOKEN_SHA256, 'hex') : null,
    },
    queryConsistencyTimeoutMs: e.QUERY_CONSISTENCY_TIMEOUT_MS,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    embeddedPostgresPort: e.EMBEDDED_POSTGRES_PORT,
    eventStore:
      e.EVENT_STORE === 'eventstoredb'
        ? { kind: 'eventstoredb', url: e.EVENTSTORE_URL! }
        : { kind: 'postgres' },
    secrets: {
      jwtSecret: e.JWT_SECRET_KEY,
      jwtPreviousSecret: e.JWT_PREVIOUS_SECRET_KEY,
      dataKeyEncryptionKey: key(e.DATA_KEY_ENCRYPTION_KEY),
      previousDataKeyEncryptionKey: key(e.DATA_KEY_PREVIOUS_ENCRYPTION_KEY),
      emailHashKey: key(e.EMAIL_HASH_KEY),
    },
    auth: {
      accessTokenTtlMinutes: e.ACCESS_TOKEN_EXPIRE_MINUTES,
      refreshTokenTtlMs: e.REFRESH_TOKEN_EXPIRE_DAYS * 86_400_000,
      refreshTokenReuseLeewayMs: e.REFRESH_TOKEN_REUSE_LEEWAY_SECONDS * 1000,
      maxLoginAttempts: e.MAX_LOGIN_ATTEMPTS,
      lockDurationMs: e.ACCOUNT_LOCK_MINUTES ? e.ACCOUNT_LOCK_MINUTES * 60_000 : null,
      verificationTokenTtlMs: e.VERIFICATION_TOKEN_TTL_HOURS * 3_600_000,
      passwordResetTokenTtlMs: e.PASSWORD_RESET_TOKEN_TTL_MINUTES * 60_000,
    },
    smtp: e.SMTP_SERVER
      ? {
          host: e.SMTP_SERVER,
          port: e.SMTP_PORT,
          ...(e.SMTP_USERNAME ? { username: e.SMTP_USERNAME } : {}),
          ...(e.SMTP_PASSWORD ? { password: e.SMTP_PASSWORD } : {}),
          from: e.SMTP_FROM,
        }
      : undefined,
    redisUrl: e.REDIS_URL,
    kafka: e.KAFKA_BROKERS
      ? {
          brokers: e.KAFKA_BROKERS.split(',').map((broker) => broker.trim()),
          topic: e.KAFKA_TOPIC,
          seedTopics: e.KAFKA_SEED_TOPICS,
          clientId: e.KAFKA_CLIENT_ID,
        }
      : undefined,
    logLevel: e.LOG_LEVEL,
    runWorkersInProcess: e.RUN_WORKERS_IN_PROCESS,
    printVerificationLinks:
      e.PRINT_VERIFICATION_LINKS === undefined
        ? !e.DATABASE_URL && !e.SMTP_SERVER
        : ['true', '1', 'yes'].includes(e.PRINT_VERIFICATION_LINKS),
    email: {
      inProcess: e.EMAIL_IN_PROCESS,
      testRoutes: e.EMAIL_TEST_ROUTES,
      queueName: e.EMAIL_QUEUE,
      queuePrefix: e.EMAIL_QUEUE_PREFIX,
      attempts: e.EMAIL_ATTEMPTS,
      backoffMs: e.EMAIL_BACKOFF_MS,
      keepCompletedDays: e.EMAIL_KEEP_SENT_DAYS,
      keepFailedDays: e.EMAIL_KEEP_FAILED_DAYS,
      templatesDir: e.EMAIL_TEMPLATES_DIR,
    },
    eventFeedTokens: e.EVENT_FEED_TOKENS,
  };
}
