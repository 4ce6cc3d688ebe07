import { randomUUID } from 'node:crypto';
import type { DatabasePool } from 'slonik';
import { sql } from './infrastructure/postgres/sql.js';
import type { Commands } from './commands/index.js';
import { buildCommands } from './commands/index.js';
import type { Config } from './config.js';
import { userIdFromStream } from './domain/index.js';
import { createPostgresDataKeyStore } from './infrastructure/crypto/dataKeyStore.js';
import { createEventCodec } from './infrastructure/crypto/eventCodec.js';
import { createPasswordHasher } from './infrastructure/crypto/passwords.js';
import { createKeyedHasher } from './infrastructure/crypto/tokens.js';
import type { EmbeddedDatabase } from './infrastructure/embedded/embeddedPostgres.js';
import { startEmbeddedPostgres } from './infrastructure/embedded/embeddedPostgres.js';
import { loadOrCreateLocalSecrets } from './infrastructure/embedded/localSecrets.js';
import { createEsdbEventStore } from './infrastructure/eventStore/esdb/esdbEventStore.js';
import type { EventStore } from './infrastructure/eventStore/eventStore.js';
import { createPostgresEventStore } from './infrastructure/eventStore/postgres/postgresEventStore.js';
import { createPostgresSnapshotStore } from './infrastructure/eventStore/postgres/postgresSnapshotStore.js';
import type { Logger } from './infrastructure/logging/logger.js';
import { migrate } from './infrastructure/postgres/migrate.js';
import { createPool } from './infrastructure/postgres/pool.js';

export type Secrets = { jwtSecret: string; dataKeyEncryptionKey: Buffer; emailHashKey: Buffer };

export type Infrastructure = {
  pool: DatabasePool;
  store: EventStore;
  secrets: Secrets;
  close(): Promise<void>;
};

export type Services = {
  commands: Commands;
  log: Logger;
  checkReadiness(): Promise<Record<string, 'ok' | 'unavailable'>>;
};

const EMBEDDED_POSTGRES_PORT = 54329;

/** The composition root's first half: every adapter, created once, from validated configuration. */
export async function buildInfrastructure(config: Config, log: Logger): Promise<Infrastructure> {
  const local = needsLocalSecrets(config) ? await loadOrCreateLocalSecrets(config.dataDir) : null;
  let embedded: EmbeddedDatabase | null = null;
  if (!config.databaseUrl) {
    embedded = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      port: EMBEDDED_POSTGRES_PORT,
      password: local!.databasePassword,
      log: (line) => log.warn(line),
    });
    log.info('embedded PostgreSQL started', { dataDir: config.dataDir, port: EMBEDDED_POSTGRES_PORT });
  }
  const pool = await createPool(config.databaseUrl ?? embedded!.url);
  await migrate(pool);
  const store =
    config.eventStore.kind === 'eventstoredb' ? createEsdbEventStore(config.eventStore.url) : createPostgresEventStore(pool);
  const secrets: Secrets = {
    jwtSecret: config.secrets.jwtSecret ?? local!.jwtSecret,
    dataKeyEncryptionKey: config.secrets.dataKeyEncryptionKey ?? Buffer.from(local!.dataKeyEncryptionKey, 'base64'),
    emailHashKey: config.secrets.emailHashKey ?? Buffer.from(local!.emailHashKey, 'base64'),
  };
  return {
    pool,
    store,
    secrets,
    async close() {
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

/** The composition root's second half: use cases wired to the adapters. */
export function buildServices(infra: Infrastructure, config: Config, log: Logger): Services {
  const keys = createPostgresDataKeyStore(infra.pool, infra.secrets.dataKeyEncryptionKey);
  const commands = buildCommands({
    store: infra.store,
    keys,
    codec: createEventCodec(keys, userIdFromStream),
    snapshots: createPostgresSnapshotStore(infra.pool),
    passwords: createPasswordHasher(),
    uniqueKeyHash: createKeyedHasher(infra.secrets.emailHashKey),
    clock: () => new Date(),
    newId: randomUUID,
    policy: {
      login: { maxLoginAttempts: config.auth.maxLoginAttempts, lockDurationMs: config.auth.lockDurationMs },
      verificationTokenTtlMs: config.auth.verificationTokenTtlMs,
      passwordResetTokenTtlMs: config.auth.passwordResetTokenTtlMs,
      snapshotEvery: 100,
    },
  });
  return {
    commands,
    log,
    async checkReadiness() {
      const [database, eventStore] = await Promise.all([
        probe(() => infra.pool.query(sql.typeAlias('void')`select`)),
        probe(() => infra.store.headPosition()),
      ]);
      return { database, eventStore };
    },
  };
}

async function probe(check: () => Promise<unknown>): Promise<'ok' | 'unavailable'> {
  try {
    await check();
    return 'ok';
  } catch {
    return 'unavailable';
  }
}
