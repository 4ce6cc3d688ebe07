/**
 * A read was asked to reflect a position beyond every committed event: no write of this store
 * returned it (a write's position is committed before the client sees it), so waiting would only
 * hold the request until it timed out.
 */
export class UncommittedPositionError extends Error {
  constructor(
    readonly position: bigint,
    readonly committedHead: bigint,
  ) {
    super(`position ${position} is beyond the newest committed event, ${committedHead}`);
    this.name = 'UncommittedPositionError';
  }
}
