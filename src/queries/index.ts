import type { CommonQueryMethods } from 'slonik';
import { getUser } from './getUser.js';
import type { UserPage, UserPageRequest } from './listUsers.js';
import { listUsers } from './listUsers.js';
import type { UserRow } from './userRow.js';
import type { WaitOptions } from './waitForPosition.js';
import { readModelPosition, waitForPosition } from './waitForPosition.js';

export { ReadModelBehindError } from '../projections/readModelBehindError.js';
export { UncommittedPositionError } from './uncommittedPositionError.js';
export type { UserPage, UserPageRequest } from './listUsers.js';
export type { UserRow } from './userRow.js';
export type { CheckpointNotifications, WaitOptions } from './waitForPosition.js';
export { getUser, listUsers, readModelPosition, waitForPosition };

export type Queries = {
  /** With `atLeast`, first waits (bounded) until the read model has applied that position. */
  getUser(id: string, options?: { atLeast?: bigint }): Promise<UserRow | null>;
  listUsers(page: UserPageRequest): Promise<UserPage>;
  waitForPosition(position: bigint, timeoutMs?: number): Promise<void>;
  readModelPosition(): Promise<bigint>;
};

export type QueryOptions = Omit<WaitOptions, 'projection'> & {
  /** How long a read-your-writes query waits for the projector before ReadModelBehindError. */
  readYourWritesTimeoutMs?: number;
};

/** The read side as the HTTP layer uses it: queries over the users read model. */
export function buildQueries(db: CommonQueryMethods, options: QueryOptions = {}): Queries {
  const { readYourWritesTimeoutMs = 5_000, ...waitOptions } = options;
  const wait = waitForPosition(db, waitOptions);
  const waitBounded = (position: bigint, timeoutMs = readYourWritesTimeoutMs) => wait(position, timeoutMs);
  return {
    async getUser(id, { atLeast } = {}) {
      if (atLeast !== undefined) await waitBounded(atLeast);
      return getUser(db)(id);
    },
    listUsers: listUsers(db),
    waitForPosition: waitBounded,
    readModelPosition: () => readModelPosition(db)(),
  };
}
