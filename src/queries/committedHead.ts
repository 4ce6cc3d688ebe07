/**
 * The store's newest committed position, shared between concurrent readers. A reader needs a
 * value looked up after it arrived (then it covers every write committed before it asked). So a
 * reader arriving while a lookup is under way joins the next one, which starts when that one
 * ends: under load, one query serves many requests instead of one each.
 */
export function sharedCommittedHead(lookup: () => Promise<bigint>): () => Promise<bigint> {
  let running: Promise<bigint> | null = null;
  let queued: Promise<bigint> | null = null;
  const start = (): Promise<bigint> => {
    const lookingUp: Promise<bigint> = lookup().finally(() => {
      if (running === lookingUp) running = null;
    });
    running = lookingUp;
    return lookingUp;
  };
  return () => {
    if (!running) return start();
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = null;
        return start();
      });
    return queued;
  };
}
