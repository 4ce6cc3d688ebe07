import { AsyncLocalStorage } from 'node:async_hooks';
import type { DatabasePool } from 'slonik';
import { lockHolds } from '../domain/index.js';
import type { EventStore } from '../infrastructure/eventStore/eventStore.js';
import { batchedLookup } from './batchedLookup.js';
import type { AccountStatus, ColocatedRead } from './colocatedReads.js';
import { accountsColocated, listUsersColocated } from './colocatedReads.js';
import { sharedCommittedHead } from './committedHead.js';
import type { Queries, UserPage, UserPageRequest, UserRow } from './index.js';
import type { ReadModelState } from './readModelStateCache.js';
import { readModelStateCache } from './readModelStateCache.js';
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

/**
 * Per request: the state of the read model its first read saw, once that read has proved the read
 * model caught up with everything committed before the request began.
 */
type ReadScope = { caughtUpAt: ReadModelState | null };

type ReadKind = 'account' | 'page';

const ACCOUNTS_CACHED = 10_000;
const PAGES_CACHED = 100;

/**
 * The same guarantee when the events are in the read model's own database: the head, the checkpoint
 * and the rows come from one statement, so a caught-up read (the usual case) is one round trip. The
 * account lookups every authenticated request makes are batched: concurrent requests share one
 * statement. Later reads of the same request need no check of their own, and what was read at the
 * very state of the read model that the request's first read saw is answered again without a
 * statement: a page of users, or an account, read since the last event was applied.
 */
export function colocatedConsistentQueries(
  pool: DatabasePool,
  queries: Queries,
  onRead: (read: ReadKind, source: 'statement' | 'reused') => void = () => {},
): ConsistentQueries {
  const scope = new AsyncLocalStorage<ReadScope>();
  const read = async <K, T>(
    kind: ReadKind,
    cache: ReturnType<typeof readModelStateCache<K, T>>,
    key: K,
    colocated: () => Promise<ColocatedRead<T>>,
    atLeast: bigint | undefined,
  ): Promise<T> => {
    const request = scope.getStore();
    const caughtUpAt = request?.caughtUpAt;
    if (caughtUpAt && (atLeast ?? 0n) <= caughtUpAt.checkpoint) {
      const cached = cache.get(key, caughtUpAt);
      if (cached) {
        onRead(kind, 'reused');
        return cached.value;
      }
    }
    onRead(kind, 'statement');
    const readAndKeep = async () => {
      const { head, checkpoint, version, value } = await colocated();
      const state = { checkpoint, version };
      cache.set(key, state, value);
      return { head, state, value };
    };
    let answer = await readAndKeep();
    if (atLeast !== undefined) refuseUncommitted(atLeast, answer.head);
    const target = atLeast ?? (caughtUpAt ? 0n : answer.head);
    if (answer.state.checkpoint < target) {
      await queries.waitForPosition(target);
      answer = await readAndKeep();
    }
    if (request && !caughtUpAt && atLeast === undefined) request.caughtUpAt = answer.state;
    return answer.value;
  };
  // One loader for both lookups, so one request's authorisation and another's account share statements.
  const account = batchedLookup(accountsColocated(pool));
  const accounts = readModelStateCache<string, UserRow | null>(ACCOUNTS_CACHED);
  const getUser = (id: string, atLeast?: bigint) =>
    read('account', accounts, id, async () => (await account(id))!, atLeast);
  const listUsers = listUsersColocated(pool);
  const pages = readModelStateCache<string, UserPage | null>(PAGES_CACHED);
  // Whether a lock holds depends on the time as well as the rows: such pages are read afresh.
  const readAfresh = readModelStateCache<string, UserPage | null>(0);
  return {
    async accountStatus(id) {
      const user = await getUser(id);
      return user ? statusOf(user) : null;
    },
    getUser: (id, options = {}) => getUser(id, options.atLeast),
    async listUsers(page, options = {}) {
      const key = JSON.stringify([page.skip, page.limit, page.email, page.role, page.locked]);
      const cache = page.locked === undefined ? pages : readAfresh;
      const result = await read('page', cache, key, () => listUsers(page), options.atLeast);
      // A page past the end carries no total: it is counted apart.
      return result ?? queries.listUsers(page);
    },
    inReadScope: (work) => scope.run({ caughtUpAt: null }, work),
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
  endedSessionIds: user.endedSessions.map((session) => session.id),
});
