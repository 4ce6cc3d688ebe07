import { AsyncLocalStorage } from 'node:async_hooks';
import type { DatabasePool } from 'slonik';
import { lockHolds } from '../domain/index.js';
import type { EventStore } from '../infrastructure/eventStore/eventStore.js';
import { batchedLookup } from './batchedLookup.js';
import type { AccountStatus, ColocatedRead } from './colocatedReads.js';
import { accountsColocated, listUsersColocated } from './colocatedReads.js';
import { sharedCommittedHead } from './committedHead.js';
import type { Queries, UserPage, UserPageRequest, UserRow } from './index.js';
import { UncommittedPositionError } from './uncommittedPositionError.js';

/** Reads that see every write committed before they began (read-your-writes for every client). */
export type ConsistentQueries = {
  accountStatus(id: string): Promise<AccountStatus | null>;
  getUser(id: string, options?: { atLeast?: bigint }): Promise<UserRow | null>;
  listUsers(page: UserPageRequest, options?: { atLeast?: bigint }): Promise<UserPage>;
  /** Runs one request's work in its own read scope: see colocatedConsistentQueries. */
  inReadScope<T>(work: () => T): T;
};

/**
 * Every query first waits until the read model has applied everything committed before it began
 * (the store's newest committed position), so register-then-GET or update-then-list never shows
 * stale data, even for a client that sends nothing special. A write's own position can be passed
 * as `atLeast` to wait for exactly that write instead.
 */
export function consistentQueries(
  queries: Queries,
  store: EventStore,
  localProjector: { position(): bigint } | null,
): ConsistentQueries {
  const committedHead = sharedCommittedHead(() => store.lastCommittedPosition());
  const caughtUp = async (atLeast?: bigint) => {
    const target = atLeast ?? (await committedHead());
    // The projector in this process knows its checkpoint: no need to ask the database.
    if (localProjector && localProjector.position() >= target) return;
    if (atLeast !== undefined) refuseUncommitted(atLeast, await committedHead());
    await queries.waitForPosition(target);
  };
  return {
    async accountStatus(id) {
      await caughtUp();
      const user = await queries.getUser(id);
      return user ? statusOf(user) : null;
    },
    async getUser(id, options = {}) {
      await caughtUp(options.atLeast);
      return queries.getUser(id);
    },
    async listUsers(page, options = {}) {
      await caughtUp(options.atLeast);
      return queries.listUsers(page);
    },
    inReadScope: (work) => work(),
  };
}

/** Per request: whether a read has already proved the read model caught up for it. */
type ReadScope = { caughtUp: boolean };

/**
 * The same guarantee when the events are in the read model's own database: the head, the checkpoint
 * and the rows come from one statement, so a caught-up read (the usual case) is one round trip. The
 * account lookups every authenticated request makes are batched: concurrent requests share one
 * statement.
 */
export function colocatedConsistentQueries(pool: DatabasePool, queries: Queries): ConsistentQueries {
  const scope = new AsyncLocalStorage<ReadScope>();
  const read = async <T>(
    colocated: () => Promise<ColocatedRead<T>>,
    plain: () => Promise<T>,
    atLeast: bigint | undefined,
  ): Promise<T> => {
    const request = scope.getStore();
    // Once one read of this request has seen the read model caught up with everything committed
    // before the request began, later reads of the same request need no further check.
    if (atLeast === undefined && request?.caughtUp) return plain();
    const first = await colocated();
    if (atLeast !== undefined) refuseUncommitted(atLeast, first.head);
    const target = atLeast ?? first.head;
    if (first.checkpoint < target) await queries.waitForPosition(target);
    if (request && atLeast === undefined) request.caughtUp = true;
    return first.checkpoint >= target ? first.value : plain();
  };
  // One loader for both lookups, so one request's authorisation and another's account share statements.
  const account = batchedLookup(accountsColocated(pool));
  const accountWithProgress = async (id: string) => (await account(id))!;
  const accountAlone = async (id: string) => (await accountWithProgress(id)).value;
  const listUsers = listUsersColocated(pool);
  return {
    async accountStatus(id) {
      const user = await read(
        () => accountWithProgress(id),
        () => accountAlone(id),
        undefined,
      );
      return user ? statusOf(user) : null;
    },
    getUser: (id, options = {}) =>
      read(
        () => accountWithProgress(id),
        () => accountAlone(id),
        options.atLeast,
      ),
    async listUsers(page, options = {}) {
      const result = await read(
        () => listUsers(page),
        () => queries.listUsers(page),
        options.atLeast,
      );
      return result ?? queries.listUsers(page);
    },
    inReadScope: (work) => scope.run({ caughtUp: false }, work),
  };
}

const refuseUncommitted = (position: bigint, committedHead: bigint) => {
  if (position > committedHead) throw new UncommittedPositionError(position, committedHead);
};

/** An expired lock no longer holds: the token of an account whose lock lifted by itself works again. */
const statusOf = (user: UserRow): AccountStatus => ({
  id: user.id,
  role: user.role,
  locked: lockHolds({ locked: user.isLocked, lockedUntil: user.lockedUntil }, new Date()),
  sessionGeneration: user.sessionGeneration,
});
