import type { EventMetadata } from '../infrastructure/eventStore/eventStore.js';
import type { CommandMeta } from './commandDeps.js';

export function eventMetadata(meta: CommandMeta, occurredAt: Date, schemaVersion: number): EventMetadata {
  return {
    occurredAt: occurredAt.toISOString(),
    actorId: meta.actor?.id ?? null,
    actorRole: meta.actor?.role ?? null,
    correlationId: meta.correlationId,
    causationId: meta.causationId ?? null,
    schemaVersion,
    ...(meta.commandId ? { commandId: meta.commandId } : {}),
    ...(meta.clientIp ? { clientIp: meta.clientIp } : {}),
    ...(meta.userAgent ? { userAgent: meta.userAgent } : {}),
  };
}
