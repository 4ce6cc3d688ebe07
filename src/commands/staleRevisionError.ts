/** The client decided on an older version of the account than the current one (HTTP 412). */
export class StaleRevisionError extends Error {
  constructor(
    readonly userId: string,
    readonly expected: bigint,
    readonly actual: bigint,
  ) {
    super(`user ${userId} is at revision ${actual}, the client expected ${expected}`);
    this.name = 'StaleRevisionError';
  }
}
