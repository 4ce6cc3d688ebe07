import type { EventCodec } from '../infrastructure/crypto/eventCodec.js';
import type { EventStore } from '../infrastructure/eventStore/eventStore.js';

/** The audit reads the event store itself, never the read model: the log is the evidence. */
export type AuditDeps = {
  store: EventStore;
  codec: EventCodec;
  clock: () => Date;
};
