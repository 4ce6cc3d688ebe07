import type { EventCodec } from '../infrastructure/crypto/eventCodec.js';
import type { EventStore, RecordedEvent, Subscription } from '../infrastructure/eventStore/eventStore.js';
import type { EventEnvelope } from './envelope.js';
import { toEnvelope } from './envelope.js';
import { userEventsJsonSchema } from './eventSchemas.js';
import type { Audience } from './publication.js';
import { publishedStreamPrefixes } from './publication.js';

export type FeedPage = {
  events: EventEnvelope[];
  /** Pass as `after` to continue exactly where this page ended (the same `after` when it is empty). */
  next: string;
};

export type PageRequest = {
  after: bigint;
  limit: number;
  audience: Audience;
  /** Long poll: when nothing is there yet, wait this long for the first event before answering empty. */
  waitMs?: number;
};

/** The global log of user events, read-only, for consumers without Kafka (HTTP catch-up and live tail). */
export type EventFeed = {
  /** Throws PositionBeyondHeadError when `after` lies past the newest event. */
  page(request: PageRequest): Promise<FeedPage>;
  /**
   * Delivers every envelope after `after`, then live ones, one at a time (the next waits for
   * `deliver`). Throws PositionBeyondHeadError like page().
   */
  follow(
    after: bigint,
    audience: Audience,
    deliver: (envelope: EventEnvelope) => Promise<void>,
  ): Promise<Subscription>;
  /** The contract: JSON Schema of every published type and version. */
  schema(): Record<string, unknown>;
  /** Ends every live tail and long poll in progress (shutdown: they would hold the HTTP server open). */
  close(): Promise<void>;
};

/** Also in the composition root's Services, for the events controller. */
export type EventFeedServices = { eventFeed: EventFeed };

/**
 * A position greater than anything committed cannot have come from this feed: most likely it is
 * another deployment's, or the database was restored from an older backup. Continuing from it
 * would silently skip every event up to it, so the client is told instead.
 */
export class PositionBeyondHeadError extends Error {
  constructor(
    readonly after: bigint,
    readonly head: bigint,
  ) {
    super(`position ${after} is beyond the newest event (${head})`);
    this.name = 'PositionBeyondHeadError';
  }
}

export function createEventFeed(deps: { store: EventStore; codec: EventCodec }): EventFeed {
  const { store, codec } = deps;
  const live = new Set<Subscription>();
  const prefixes = { streamPrefixes: [...publishedStreamPrefixes] };
  let schema: Record<string, unknown> | null = null;

  const checkPosition = async (after: bigint) => {
    if (after <= 0n) return;
    const head = await store.lastCommittedPosition();
    if (after > head) throw new PositionBeyondHeadError(after, head);
  };

  const subscribe = (after: bigint, handler: (event: RecordedEvent) => Promise<void>): Subscription => {
    const subscription = store.subscribeToAll({ after, ...prefixes }, handler);
    live.add(subscription);
    void subscription.done.catch(() => undefined).finally(() => live.delete(subscription));
    return subscription;
  };

  /** Resolves when an event after `after` exists, or after `waitMs`, whichever is first. */
  const waitForEvent = async (after: bigint, waitMs: number) => {
    let timer: NodeJS.Timeout | undefined;
    let arrived = () => {};
    const first = new Promise<void>((resolve) => (arrived = resolve));
    const subscription = subscribe(after, async () => arrived());
    try {
      await Promise.race([
        first,
        subscription.done,
        new Promise((resolve) => (timer = setTimeout(resolve, waitMs))),
      ]);
    } finally {
      clearTimeout(timer);
      await subscription.stop();
    }
  };

  const read = async ({ after, limit, audience }: PageRequest): Promise<FeedPage> => {
    const events = await codec.decodeAll(await store.readAll({ after, limit, ...prefixes }));
    return {
      events: events.map((event) => toEnvelope(event, audience)),
      next: (events.at(-1)?.position ?? after).toString(),
    };
  };

  return {
    async page(request) {
      await checkPosition(request.after);
      const page = await read(request);
      if (page.events.length > 0 || !request.waitMs) return page;
      await waitForEvent(request.after, request.waitMs);
      return read(request);
    },
    async follow(after, audience, deliver) {
      await checkPosition(after);
      return subscribe(after, async (event) => deliver(toEnvelope(await codec.decode(event), audience)));
    },
    schema: () => (schema ??= userEventsJsonSchema()),
    async close() {
      await Promise.all([...live].map((subscription) => subscription.stop()));
    },
  };
}
