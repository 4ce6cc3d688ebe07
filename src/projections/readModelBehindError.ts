/** A read model did not reach a position in the time a caller was willing to wait (read-your-writes). */
export class ReadModelBehindError extends Error {
  constructor(
    readonly projection: string,
    readonly position: bigint,
    readonly reached: bigint,
    readonly timeoutMs: number,
  ) {
    super(`${projection} is at position ${reached}, not ${position}, after waiting ${timeoutMs} ms`);
    this.name = 'ReadModelBehindError';
  }
}

/** The runner ended (stopped, or failed) before reaching the position someone was waiting for. */
export class ProjectorStoppedError extends Error {
  constructor(
    readonly projection: string,
    options?: { cause?: unknown },
  ) {
    super(`projector ${projection} stopped`, options);
    this.name = 'ProjectorStoppedError';
  }
}
