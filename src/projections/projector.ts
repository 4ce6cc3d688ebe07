import type { DatabasePool, DatabaseTransactionConnection, FragmentSqlToken } from 'slonik';
import type { EventCodec } from '../infrastructure/crypto/eventCodec.js';
import type { EventStore, RecordedEvent } from '../infrastructure/eventStore/eventStore.js';
import type { Logger } from '../infrastructure/logging/logger.js';

/** What apply made of an event. A projector never throws on a recorded event: it says why it skipped it. */
export type ApplyResult = 'applied' | { skipped: string };

export type Projector = {
  /** The subscription name: the key of its checkpoint. */
  name: string;
  /** Event types it applies. The runner passes it nothing else, but still moves the checkpoint past them. */
  handles: readonly string[];
  /**
   * Applies one decoded event inside the runner's transaction, with only `tx`. Throwing rolls the whole
   * batch back and stops the runner: keep that for failures of the database, not of the event.
   */
  apply(event: RecordedEvent, tx: DatabaseTransactionConnection): Promise<ApplyResult>;
  /**
   * What apply would do to one decoded event, as a single statement changing one row (and moving a
   * tally) that changes nothing unless `when` holds (if given); null when the effect takes more than
   * that, or the event would be skipped. Such statements of different rows are sent together: a batch
   * made only of them commits in one statement (see commitInOneStatement), and inside a transaction
   * they go in waves (see planWaves).
   */
  statementFor?(event: RecordedEvent, when?: FragmentSqlToken): ProjectedStatement | null;
  /**
   * Run when a live runner starts, under the checkpoint's lock (no batch commits meanwhile): brings
   * derived state in line with the rows, for whatever an earlier version of the projector did not keep.
   */
  reconcile?(tx: DatabaseTransactionConnection): Promise<void>;
};

/**
 * A statement of a projector's: `shape` names it among the statements prepared by shape, `target`
 * is the row it changes (two statements of one target never go in one statement). One that moves a
 * `tally` returns the amount as a `delta` column (no row when it changed nothing).
 */
export type ProjectedStatement = {
  shape: string;
  target: string;
  statement: FragmentSqlToken;
  tally?: Tally;
};

/**
 * A running total kept beside the rows, such as a count of them: `add` is the statement adding up
 * `deltas` (a relation of one `delta` column) into it, run once for all the statements of a wave
 * that move it, since one statement cannot change the total's row twice.
 */
export type Tally = { name: string; add(deltas: FragmentSqlToken): FragmentSqlToken };

/**
 * A projection whose tables can be rebuilt beside the live ones and swapped in (see rebuild.ts).
 * `projector(name, tableSuffix)` writes to `<table><tableSuffix>` for each of `tables`.
 */
export type ReadModel = {
  name: string;
  tables: readonly string[];
  projector(name: string, tableSuffix: string): Projector;
};

/** The projector that keeps a read model's live tables up to date. */
export const liveProjector = (readModel: ReadModel): Projector => readModel.projector(readModel.name, '');

export type ProjectionDeps = {
  /** Holds the read model and the checkpoints; it may or may not be the event store's database. */
  pool: DatabasePool;
  store: EventStore;
  codec: EventCodec;
  log: Logger;
};
