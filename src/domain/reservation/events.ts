import { z } from 'zod';
import { InvalidEventError } from '../shared/errors.js';

/** reservedAt lets a later claimant tell an abandoned reservation from one whose registration is in flight. */
export const KeyReserved = z.object({
  type: z.literal('KeyReserved'),
  data: z.object({ ownerId: z.string().min(1), reservedAt: z.iso.datetime() }),
});
export const KeyReleased = z.object({
  type: z.literal('KeyReleased'),
  data: z.object({ ownerId: z.string().min(1) }),
});

const schemas = { KeyReserved, KeyReleased };

export type ReservationEventType = keyof typeof schemas;
export type ReservationEvent = z.infer<typeof KeyReserved> | z.infer<typeof KeyReleased>;

export const reservationEventCatalogue = {
  KeyReserved: { schema: KeyReserved.shape.data, version: 1 },
  KeyReleased: { schema: KeyReleased.shape.data, version: 1 },
};

export function isReservationEventType(type: string): type is ReservationEventType {
  return Object.hasOwn(schemas, type);
}

export function parseReservationEvent(type: string, data: unknown): ReservationEvent {
  if (!isReservationEventType(type)) {
    throw new InvalidEventError(type, [{ path: 'type', message: 'unknown event type' }]);
  }
  const result = schemas[type].safeParse({ type, data });
  if (result.success) return result.data;
  throw new InvalidEventError(
    type,
    result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  );
}
