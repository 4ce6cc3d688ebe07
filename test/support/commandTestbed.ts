import { randomBytes, randomUUID } from 'node:crypto';
import type { ExecutionContext } from 'ava';
import type { CommandDeps, CommandMeta } from '../../src/commands/index.js';
import { buildCommands } from '../../src/commands/index.js';
import type { Actor } from '../../src/domain/index.js';
import { userIdFromStream } from '../../src/domain/index.js';
import { createPostgresDataKeyStore } from '../../src/infrastructure/crypto/dataKeyStore.js';
import { createEventCodec } from '../../src/infrastructure/crypto/eventCodec.js';
import { createLinkTokens } from '../../src/infrastructure/crypto/linkTokens.js';
import { createPasswordHasher } from '../../src/infrastructure/crypto/passwords.js';
import { createPostgresUnknownEmailLogins } from '../../src/infrastructure/loginAttempts/unknownEmailLogins.js';
import { createKeyedHasher } from '../../src/infrastructure/crypto/tokens.js';
import { createPostgresEventStore } from '../../src/infrastructure/eventStore/postgres/postgresEventStore.js';
import { colocatedReadFromSnapshot } from '../../src/infrastructure/eventStore/postgres/colocatedReadFromSnapshot.js';
import { createPostgresSnapshotStore } from '../../src/infrastructure/eventStore/postgres/postgresSnapshotStore.js';
import type { FreshDatabase } from './freshDatabase.js';
import { freshDatabase } from './freshDatabase.js';

export type Testbed = {
  db: FreshDatabase;
  deps: CommandDeps;
  commands: ReturnType<typeof buildCommands>;
  meta(actor?: Actor, extra?: Partial<CommandMeta>): CommandMeta;
  /** Moves the testbed's clock forward. */
  advance(ms: number): void;
};

/**
 * Command handlers wired to a fresh database through the real adapters. argon2 runs with small
 * parameters so tests stay fast; the algorithm and code path are the production ones.
 */
export async function commandTestbed(
  t: ExecutionContext,
  overrides: { maxLoginAttempts?: number; lockDurationMs?: number | null; snapshotEvery?: number } = {},
): Promise<Testbed> {
  const db = await freshDatabase();
  const store = createPostgresEventStore(db.pool);
  t.teardown(async () => {
    await store.close();
    await db.drop();
  });
  let now = Date.parse('2026-01-01T09:00:00.000Z');
  const keys = createPostgresDataKeyStore(db.pool, { current: randomBytes(32) });
  const deps: CommandDeps = {
    store,
    keys,
    codec: createEventCodec(keys, userIdFromStream),
    snapshots: createPostgresSnapshotStore(db.pool),
    readFromSnapshot: colocatedReadFromSnapshot(db.pool, keys),
    passwords: createPasswordHasher({ memoryKiB: 1024, passes: 1, parallelism: 1 }),
    linkTokens: createLinkTokens(randomBytes(32)),
    unknownEmailLogins: createPostgresUnknownEmailLogins(db.pool, overrides.lockDurationMs ?? null),
    uniqueKeyHash: createKeyedHasher(randomBytes(32)),
    clock: () => new Date(now),
    newId: randomUUID,
    policy: {
      login: {
        maxLoginAttempts: overrides.maxLoginAttempts ?? 5,
        lockDurationMs: overrides.lockDurationMs ?? null,
      },
      verificationTokenTtlMs: 24 * 3_600_000,
      passwordResetTokenTtlMs: 3_600_000,
      snapshotEvery: overrides.snapshotEvery ?? 100,
    },
  };
  return {
    db,
    deps,
    commands: buildCommands(deps),
    meta: (actor = null, extra = {}) => ({ actor, correlationId: randomUUID(), ...extra }),
    advance: (ms) => {
      now += ms;
    },
  };
}
