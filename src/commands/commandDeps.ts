import type { Actor, LoginPolicy, User, UserEvent } from '../domain/index.js';
import type { EventCodec } from '../infrastructure/crypto/eventCodec.js';
import type { PasswordHasher } from '../infrastructure/crypto/passwords.js';
import type { DataKeyStore } from '../infrastructure/crypto/dataKeyStore.js';
import type { LinkTokens } from '../infrastructure/crypto/linkTokens.js';
import type { EventStore } from '../infrastructure/eventStore/eventStore.js';
import type { UnknownEmailLogins } from '../infrastructure/loginAttempts/unknownEmailLogins.js';
import type { SnapshotStore } from '../infrastructure/eventStore/snapshotStore.js';
import type { ReadFromSnapshot } from '../infrastructure/eventStore/readFromSnapshot.js';

export type CommandDeps = {
  store: EventStore;
  codec: EventCodec;
  keys: DataKeyStore;
  snapshots: SnapshotStore;
  /** How a command loads its user: the newest snapshot, its key and the events after it. */
  readFromSnapshot: ReadFromSnapshot;
  passwords: PasswordHasher;
  linkTokens: LinkTokens;
  unknownEmailLogins: UnknownEmailLogins;
  /** Keyed hash (HMAC) of a unique value; names reservation streams without revealing the value. */
  uniqueKeyHash: (value: string) => string;
  clock: () => Date;
  newId: () => string;
  policy: {
    login: LoginPolicy;
    verificationTokenTtlMs: number;
    passwordResetTokenTtlMs: number;
    snapshotEvery: number;
  };
};

/** Who asked, from where, and as part of what: recorded as metadata on every event. */
export type CommandMeta = {
  actor: Actor;
  correlationId: string;
  causationId?: string | null;
  /** A client-chosen id (e.g. Idempotency-Key): the same command id twice is applied once. */
  commandId?: string;
  clientIp?: string;
  userAgent?: string;
  /** The user stream revision the client last saw (If-Match): anything else fails fast, never retried. */
  expectedRevision?: bigint;
};

export type CommandResult = {
  userId: string;
  /** The user stream's revision after the command (its ETag). */
  revision: bigint;
  /** Global position to wait for before reading the effect (read-your-writes). */
  position: bigint;
  /** False when the command changed nothing (already done, or a repeated command id). */
  changed: boolean;
  /** The user events this command appended ([] when unchanged). */
  events: UserEvent[];
  /** The account as the command left it (as it decided on it, after any retry). */
  state: User;
};
