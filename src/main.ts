import { randomUUID } from 'node:crypto';
import type express from 'express';
import type { DatabasePool } from 'slonik';
import type { Audit } from './audit/index.js';
import { buildAudit } from './audit/index.js';
import type { Commands } from './commands/index.js';
import type { EventFeed } from './eventFeed/index.js';
import { createEventFeed } from './eventFeed/index.js';
import { kafkaRelaySettings } from './infrastructure/kafka/relaySettings.js';
import type { KafkaProbe } from './infrastructure/kafka/kafkaProbe.js';
import { buildCommands } from './commands/index.js';
import type { Config } from './config.js';
import { userIdFromStream } from './domain/index.js';
import { buildHttpApp } from './http/app.js';
import { memoryRateCounter } from './http/rateLimit.js';
import { createRedisConnection } from './infrastructure/redis/redisConnection.js';
import { redisRateCounter } from './infrastructure/redis/redisRateCounter.js';
import type { FeedTokens } from './http/feedTokens.js';
import { createFeedTokens } from './http/feedTokens.js';
import type { AccessTokens } from './http/tokens.js';
import { createAccessTokens } from './http/tokens.js';
import type { SessionTokens } from './http/sessionTokens.js';
import { createSessionTokens } from './http/sessionTokens.js';
import { createPostgresRefreshTokens } from './infrastructure/sessions/refreshTokens.js';
import type { DataKeyStore } from './infrastructure/crypto/dataKeyStore.js';
import { createPostgresDataKeyStore } from './infrastructure/crypto/dataKeyStore.js';
import type { EventCodec } from './infrastructure/crypto/eventCodec.js';
import { createEventCodec } from './infrastructure/crypto/eventCodec.js';
import { createLinkTokens } from './infrastructure/crypto/linkTokens.js';
import type { Argon2Parameters } from './infrastructure/crypto/passwords.js';
import { createPasswordHasher, defaultArgon2Parameters } from './infrastructure/crypto/passwords.js';
import { createKeyedHasher } from './infrastructure/crypto/tokens.js';
import type { EmailPipeline } from './infrastructure/mail/emailPipeline.js';
import { buildEmailSender, startEmailPipeline } from './infrastructure/mail/emailPipeline.js';
import type { TestEmails } from './infrastructure/mail/testEmails.js';
import type { EmailQueueStatus } from './infrastructure/mail/emailQueueStatus.js';
import { createEmailQueueStatus } from './infrastructure/mail/emailQueueStatus.js';
import { createTestEmails } from './infrastructure/mail/testEmails.js';
import { emailSettingsFrom } from './infrastructure/mail/emailSettings.js';
import { createPostgresUnknownEmailLogins } from './infrastructure/loginAttempts/unknownEmailLogins.js';
import type { EmbeddedDatabase } from './infrastructure/embedded/embeddedPostgres.js';
import { startEmbeddedPostgres } from './infrastructure/embedded/embeddedPostgres.js';
import { loadOrCreateLocalSecrets } from './infrastructure/embedded/localSecrets.js';
import type { EventStore } from './infrastructure/eventStore/eventStore.js';
import { createPostgresEventStore } from './infrastructure/eventStore/postgres/postgresEventStore.js';
import { createPostgresSnapshotStore } from './infrastructure/eventStore/postgres/postgresSnapshotStore.js';
import type { Logger } from './infrastructure/logging/logger.js';
import type { Metrics } from './infrastructure/metrics/metrics.js';
import { createMetrics } from './infrastructure/metrics/metrics.js';
import { migrate } from './infrastructure/postgres/migrate.js';
import { createPool } from './infrastructure/postgres/pool.js';
import { sql } from './infrastructure/postgres/sql.js';
import type { ProjectorRunner } from './projections/index.js';
import { CHECKPOINT_CHANNEL, liveProjector, runProjector, usersReadModel } from './projections/index.js';
import type { NotificationListener } from './infrastructure/eventStore/postgres/notificationListener.js';
import { createNotificationListener } from './infrastructure/eventStore/postgres/notificationListener.js';
import { colocatedReadFromSnapshot } from './infrastructure/eventStore/postgres/colocatedReadFromSnapshot.js';
import { readFromSnapshot } from './infrastructure/eventStore/readFromSnapshot.js';
import { buildQueries } from './queries/index.js';
import type { ConsistentQueries } from './queries/consistentQueries.js';
import type { AccountStatus } from './queries/colocatedReads.js';
import { colocatedConsistentQueries, consistentQueries } from './queries/consistentQueries.js';
import { subscriptionLag } from './queries/subscriptionLag.js';
import { measuredCommands } from './commands/measuredCommands.js';

export type Secrets = { jwtSecret: string; dataKeyEncryptionKey: Buffer; emailHashKey: Buffer };

export type Infrastructure = {
  pool: DatabasePool;
  store: EventStore;
  keys: DataKeyStore;
  codec: EventCodec;
  secrets: Secrets;
  /** Wakes read-your-writes waits when a projector commits a checkpoint (connects on first use). */
  checkpointNotifications: NotificationListener;
  close(): Promise<void>;
};

export type Services = {
  commands: Commands;
  /** The HTTP event feed: pages, live tail and the event contract. */
  eventFeed: EventFeed;
  /** The auditor's reads over the event store (history, state at an instant, chain verification, export). */
  audit: Audit;
  /** The ADMIN's test-email routes; null when EMAIL_TEST_ROUTES=false. */
  testEmails: TestEmails | null;
  /** Runs one request's work in its own read scope (see colocatedConsistentQueries). */
  inReadScope<T>(work: () => T): T;
  metrics: Metrics;
  /** Updates the gauges that are read on scrape (subscriber lag). */
  refreshMetrics(): Promise<void>;
  queries: ConsistentQueries;
  accessTokens: AccessTokens;
  /** Access and refresh tokens for a sign-in, and the refresh exchange. */
  sessions: SessionTokens;
  /** Read-only service tokens for the event feed (EVENT_FEED_TOKENS). */
  feedTokens: FeedTokens;
  /** The account as authorisation needs it, fresh on every request; null once deleted. */
  accountStatus(userId: string): Promise<AccountStatus | null>;
  publicBaseUrl: string;
  log: Logger;
  checkReadiness(): Promise<{ checks: Record<string, 'ok' | 'unavailable'>; lag: Record<string, number> }>;
};

export type Application = {
  infra: Infrastructure;
  services: Services;
  http: express.Express;
  /** Null when the projector runs as its own process (RUN_WORKERS_IN_PROCESS=false). */
  projector: ProjectorRunner | null;
  /** Null when the email subscriber and worker run as their own processes. */
  email: EmailPipeline | null;
  close(): Promise<void>;
};

/** The composition root's first half: every adapter, created once, from validated configuration. */
export async function buildInfrastructure(config: Config, log: Logger): Promise<Infrastructure> {
  const local = needsLocalSecrets(config) ? await loadOrCreateLocalSecrets(config.dataDir) : null;
  let embedded: EmbeddedDatabase | null = null;
  if (!config.databaseUrl) {
    embedded = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      port: config.embeddedPostgresPort,
      password: local!.databasePassword,
      log: (line) => log.warn(line),
    });
    log.info('embedded PostgreSQL started', { dataDir: config.dataDir, port: config.embeddedPostgresPort });
  }
  const pool = await createPool(config.databaseUrl ?? embedded!.url, {
    maxPoolSize: config.databasePoolSize,
  });
  await migrate(pool);
  // The EventStoreDB client (and its gRPC stack) is loaded only when it is the store.
  const store =
    config.eventStore.kind === 'eventstoredb'
      ? (await import('./infrastructure/eventStore/esdb/esdbEventStore.js')).createEsdbEventStore(
          config.eventStore.url,
        )
      : createPostgresEventStore(pool);
  const secrets: Secrets = {
    jwtSecret: config.secrets.jwtSecret ?? local!.jwtSecret,
    dataKeyEncryptionKey:
      config.secrets.dataKeyEncryptionKey ?? Buffer.from(local!.dataKeyEncryptionKey, 'base64'),
    emailHashKey: config.secrets.emailHashKey ?? Buffer.from(local!.emailHashKey, 'base64'),
  };
  const keys = createPostgresDataKeyStore(pool, {
    current: secrets.dataKeyEncryptionKey,
    previous: config.secrets.previousDataKeyEncryptionKey ?? null,
  });
  const checkpointNotifications = createNotificationListener(
    pool.configuration.connectionUri,
    CHECKPOINT_CHANNEL,
  );
  return {
    pool,
    store,
    keys,
    codec: createEventCodec(keys, userIdFromStream),
    secrets,
    checkpointNotifications,
    async close() {
      await checkpointNotifications.close();
      await store.close();
      await pool.end();
      await embedded?.stop();
    },
  };
}

function needsLocalSecrets(config: Config): boolean {
  const { jwtSecret, dataKeyEncryptionKey, emailHashKey } = config.secrets;
  return !config.databaseUrl || !jwtSecret || !dataKeyEncryptionKey || !emailHashKey;
}

export type ServiceOptions = {
  /** Tests only: argon2id with tiny parameters, so suites stay fast. Same algorithm and code path. */
  fastPasswordHashing?: boolean;
};

/** The composition root's second half: use cases and queries wired to the adapters. */
export function buildServices(
  infra: Infrastructure,
  config: Config,
  log: Logger,
  options: ServiceOptions = {},
  localProjector: { position(): bigint } | null = null,
  emailQueue: EmailQueueStatus | null = null,
  kafkaProbe: KafkaProbe | null = null,
) {
  const argon2: Argon2Parameters = options.fastPasswordHashing
    ? { memoryKiB: 1024, passes: 1, parallelism: 1 }
    : defaultArgon2Parameters;
  const metrics = createMetrics();
  const snapshots = createPostgresSnapshotStore(infra.pool);
  const commands = measuredCommands(
    buildCommands({
      store: infra.store,
      keys: infra.keys,
      codec: infra.codec,
      snapshots,
      readFromSnapshot:
        config.eventStore.kind === 'postgres'
          ? colocatedReadFromSnapshot(infra.pool, infra.keys)
          : readFromSnapshot({ store: infra.store, snapshots, keys: infra.keys }),
      passwords: createPasswordHasher(argon2),
      linkTokens: createLinkTokens(infra.secrets.emailHashKey),
      unknownEmailLogins: createPostgresUnknownEmailLogins(infra.pool, config.auth.lockDurationMs),
      uniqueKeyHash: createKeyedHasher(infra.secrets.emailHashKey),
      clock: () => new Date(),
      newId: randomUUID,
      policy: {
        login: { maxLoginAttempts: config.auth.maxLoginAttempts, lockDurationMs: config.auth.lockDurationMs },
        verificationTokenTtlMs: config.auth.verificationTokenTtlMs,
        passwordResetTokenTtlMs: config.auth.passwordResetTokenTtlMs,
        // Loading reads the events after the newest snapshot: with one every 10 events a command reads
        // ~5 of them instead of ~50 at 100, for one small snapshot write per 10 commands. Measured on
        // accounts with ~60 logins each: −30% main-thread and −27% PostgreSQL CPU per login.
        snapshotEvery: 10,
      },
    }),
    metrics,
  );
  const plainQueries = buildQueries(infra.pool, {
    readYourWritesTimeoutMs: config.queryConsistencyTimeoutMs,
    notifications: infra.checkpointNotifications,
  });
  const queries =
    config.eventStore.kind === 'postgres'
      ? colocatedConsistentQueries(infra.pool, plainQueries, (read, source) =>
          metrics.readModelReads.inc({ read, source }),
        )
      : consistentQueries(plainQueries, infra.store, localProjector);
  const accountStatus = (userId: string) => queries.accountStatus(userId);
  const accessTokens = createAccessTokens(infra.secrets.jwtSecret, config.auth.accessTokenTtlMinutes, {
    previousSecret: config.secrets.jwtPreviousSecret ?? null,
  });
  const services: Services = {
    commands,
    eventFeed: createEventFeed({ store: infra.store, codec: infra.codec }),
    audit: buildAudit({ store: infra.store, codec: infra.codec, clock: () => new Date() }),
    metrics,
    async refreshMetrics() {
      if (emailQueue) {
        for (const [state, count] of Object.entries(await emailQueue.jobCounts())) {
          metrics.emailJobs.set({ state }, count);
        }
      }
      if (config.eventStore.kind !== 'postgres') return;
      for (const { name, lag } of await subscriptionLag(infra.pool))
        metrics.subscriptionLag.set({ subscription: name }, lag);
    },
    queries,
    accessTokens,
    sessions: createSessionTokens({
      accessTokens,
      accessTokenTtlMinutes: config.auth.accessTokenTtlMinutes,
      refreshTokens: createPostgresRefreshTokens(infra.pool, {
        ttlMs: config.auth.refreshTokenTtlMs,
        reuseLeewayMs: config.auth.refreshTokenReuseLeewayMs,
      }),
      accountStatus,
      revokeSessions: commands.revokeSessions,
      endSession: commands.endSession,
      clock: () => new Date(),
    }),
    feedTokens: createFeedTokens(config.eventFeedTokens),
    accountStatus,
    inReadScope: (work) => queries.inReadScope(work),
    testEmails: config.email.testRoutes
      ? createTestEmails(
          buildEmailSender(
            { log, linkTokens: createLinkTokens(infra.secrets.emailHashKey) },
            emailSettingsFrom(config, config.email),
            // Rare one-off sends: no connection is kept open for them.
            { pooled: false },
          ).sender,
        )
      : null,
    publicBaseUrl: config.http.publicBaseUrl,
    log,
    async checkReadiness() {
      const [database, eventStore, lag] = await Promise.all([
        probe(() => infra.pool.query(sql.typeAlias('void')`select`)),
        probe(() => infra.store.headPosition()),
        config.eventStore.kind === 'postgres' ? subscriptionLag(infra.pool).catch(() => []) : [],
      ]);
      const checks: Record<string, 'ok' | 'unavailable'> = { database, eventStore };
      if (emailQueue) checks['redis'] = (await emailQueue.reachable()) ? 'ok' : 'unavailable';
      if (kafkaProbe) checks['kafka'] = (await kafkaProbe.reachable()) ? 'ok' : 'unavailable';
      return {
        checks,
        lag: Object.fromEntries(lag.map((row) => [row.name, row.lag])),
      };
    },
  };
  return services;
}

async function probe(check: () => Promise<unknown>): Promise<'ok' | 'unavailable'> {
  try {
    await check();
    return 'ok';
  } catch {
    return 'unavailable';
  }
}

/** Everything `npm start` runs in one process: the API and the read-model projector. */
export async function buildApplication(
  config: Config,
  log: Logger,
  options: ServiceOptions = {},
): Promise<Application> {
  const infra = await buildInfrastructure(config, log);
  const projector = config.runWorkersInProcess
    ? runProjector(
        { pool: infra.pool, store: infra.store, codec: infra.codec, log },
        liveProjector(usersReadModel),
      )
    : null;
  projector?.done.catch((error: unknown) =>
    log.error('read-model projector stopped', { error: String(error) }),
  );
  const emailQueue = config.redisUrl
    ? createEmailQueueStatus(
        config.redisUrl,
        { name: config.email.queueName, prefix: config.email.queuePrefix },
        log,
      )
    : null;
  // kafkajs is loaded only when Kafka is configured.
  const kafkaProbe = config.kafka
    ? (await import('./infrastructure/kafka/kafkaProbe.js')).createKafkaProbe(config.kafka)
    : null;
  const services = buildServices(infra, config, log, options, projector, emailQueue, kafkaProbe);
  const kafkaRelay =
    config.runWorkersInProcess && config.kafka
      ? (await import('./infrastructure/kafka/startKafkaRelay.js')).startKafkaRelay(
          { pool: infra.pool, store: infra.store, codec: infra.codec, log },
          kafkaRelaySettings(config.kafka),
        )
      : null;
  const email =
    config.runWorkersInProcess && config.email.inProcess
      ? await startEmailPipeline(
          {
            pool: infra.pool,
            store: infra.store,
            codec: infra.codec,
            log,
            linkTokens: createLinkTokens(infra.secrets.emailHashKey),
          },
          emailSettingsFrom(config, config.email),
        )
      : null;
  // Shared by every instance when they share a Redis; this process's own count otherwise.
  const rateLimitRedis =
    config.redisUrl && config.http.rateLimitPerMinute > 0
      ? createRedisConnection(config.redisUrl, 'producer', log)
      : null;
  const rateCounter = rateLimitRedis
    ? redisRateCounter(rateLimitRedis, config.http.rateLimitRedisPrefix, memoryRateCounter())
    : memoryRateCounter();
  const http = buildHttpApp(services, {
    trustProxy: config.http.trustProxy,
    rateLimit: { limit: config.http.rateLimitPerMinute, windowMs: 60_000 },
    rateCounter,
    corsOrigins: config.http.corsOrigins,
    metricsTokenSha256: config.http.metricsTokenSha256,
  });
  return {
    infra,
    services,
    http,
    projector,
    email,
    async close() {
      await services.eventFeed.close();
      await kafkaRelay?.stop();
      await projector?.stop();
      await email?.close();
      await emailQueue?.close();
      await rateLimitRedis?.close();
      await kafkaProbe?.close();
      await infra.close();
    },
  };
}
