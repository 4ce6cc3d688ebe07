/**
 * The event store port. Both adapters (PostgreSQL, EventStoreDB) implement it and run one contract suite.
 *
 * Payloads reach the store already in their stored form: personal fields are encrypted by the
 * event codec before append (crypto-shredding), so the store never sees them in clear and the
 * per-stream hash chain covers exactly what is stored.
 */

/** -1n means "the stream has no events". */
export type StreamRevision = bigint;

export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

export type JsonObject = { [key: string]: unknown };

export type EventMetadata = JsonObject & {
  occurredAt: string;
  actorId: string | null;
  actorRole: string | null;
  correlationId: string;
  causationId: string | null;
  schemaVersion: number;
  clientIp?: string;
  userAgent?: string;
};

export type NewEvent = {
  /** UUID, unique across the store. See EventStore.appendToStreams for retries. */
  eventId: string;
  type: string;
  data: JsonObject;
  metadata: EventMetadata;
};

export type RecordedEvent = NewEvent & {
  streamId: string;
  revision: StreamRevision;
  /**
   * Global position: strictly increasing in the order subscribers receive events, but sparse
   * (PostgreSQL derives it from the transaction id, EventStoreDB uses the commit position).
   * Compare positions; never count with them.
   */
  position: bigint;
  recordedAt: Date;
  /** sha256 chaining this event to the previous event of its stream (hex). */
  hash: string;
};

export type StreamWrite = {
  streamId: string;
  expectedRevision: ExpectedRevision;
  events: NewEvent[];
  /**
   * The stream's last event as the caller has just read it from this store, when it expects that
   * event's revision: an adapter may chain the new events to it instead of reading the head again.
   * It proves nothing by itself: a head that moved meanwhile, or is not the stream's, is still refused.
   */
  knownHead?: Pick<RecordedEvent, 'revision' | 'hash' | 'recordedAt'>;
};

export type AppendResult = {
  /** The revision each written stream has after the append, in the order of the writes. */
  nextRevisions: StreamRevision[];
  /**
   * Position of the last event written (of the stored one on an idempotent retry). When the call
   * wrote no event, the position of the last event of the streams it checked (0n if none).
   */
  position: bigint;
};

export type ReadStreamOptions = {
  fromRevision?: StreamRevision;
  toRevision?: StreamRevision;
  /** Only events recorded at or before this time. */
  until?: Date;
};

export type ReadAllOptions = {
  /** Exclusive: events with a position greater than this. Use 0n (or -1n) for "from the start". */
  after: bigint;
  limit: number;
  /** Only streams whose id starts with one of these prefixes, e.g. ['user-']. */
  streamPrefixes?: string[];
};

export type Subscription = {
  /** Resolves once the handler has finished its current event and no more will be delivered. */
  stop(): Promise<void>;
  /**
   * Settles when the subscription ends: resolves after stop(), rejects with the error that ended it
   * (the handler threw, or reading failed). Restart from your checkpoint after a rejection.
   */
  readonly done: Promise<void>;
};

export type SubscribeOptions = {
  after: bigint;
  streamPrefixes?: string[];
};

export type EventStore = {
  /**
   * Appends to one or more (distinct) streams. The PostgreSQL adapter writes them in one
   * transaction. EventStoreDB has no multi-stream transaction: its adapter writes them in order
   * and, when a later write fails, empties again (truncates) the streams that earlier writes of
   * the call created; events added to streams that already existed stay. So on EventStoreDB, order
   * the writes so that every write before the last creates its stream (a reservation, say).
   *
   * Throws ExpectedRevisionConflictError when a stream is not at its expected revision.
   * Idempotent per call: when every event of the call is already stored, in its stream and in
   * order, the stored result is returned and nothing is written. When only some are (a partial
   * overlap), the call is refused: ExpectedRevisionConflictError if the stream has moved past
   * the expected revision, DuplicateEventIdError otherwise. (On EventStoreDB a retry with 'any' is
   * recognised while its events are still the newest of their stream, as EventStoreDB itself does.)
   */
  appendToStreams(writes: StreamWrite[]): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Current revision of a stream, -1n when it has no events. */
  streamRevision(streamId: string): Promise<StreamRevision>;
  /**
   * The global log in position order. It may trail appends for a moment: PostgreSQL shows an
   * event once no transaction that could still commit an earlier position is running.
   */
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * Catch-up subscription: delivers every event after `after` in global order, then live ones.
   * The handler's promise is awaited before the next event is delivered.
   */
  subscribeToAll(options: SubscribeOptions, handler: (event: RecordedEvent) => Promise<void>): Subscription;
  /** Position of the newest event a subscriber can safely see (0n when the log is empty). */
  headPosition(): Promise<bigint>;
  /**
   * Position of the newest committed event, which a subscriber may not be able to see yet (it
   * waits for older transactions first). A reader that waits until a subscriber reaches this sees
   * every write committed before it asked: read-your-writes for clients that send nothing.
   */
  lastCommittedPosition(): Promise<bigint>;
  close(): Promise<void>;
};

export class DuplicateEventIdError extends Error {
  constructor(
    readonly eventId: string,
    options?: { cause?: unknown },
  ) {
    super(`event ${eventId} is already stored, but not as part of this same append`, options);
    this.name = 'DuplicateEventIdError';
  }
}

export class ExpectedRevisionConflictError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: StreamRevision,
    options?: { cause?: unknown },
  ) {
    super(`stream ${streamId} is at revision ${actual}, expected ${String(expected)}`, options);
    this.name = 'ExpectedRevisionConflictError';
  }
}
