import { z } from 'zod';

/** Runtime shape of what the store hands back, so neither adapter trusts its storage blindly. */
export const jsonObjectSchema = z.record(z.string(), z.unknown());

export const eventMetadataSchema = z.looseObject({
  occurredAt: z.string(),
  actorId: z.string().nullable(),
  actorRole: z.string().nullable(),
  correlationId: z.string(),
  causationId: z.string().nullable(),
  schemaVersion: z.number().int(),
  clientIp: z.string().optional(),
  userAgent: z.string().optional(),
});
