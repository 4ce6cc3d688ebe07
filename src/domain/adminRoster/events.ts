import { z } from 'zod';
import { InvalidEventError } from '../shared/errors.js';

export const AdminAppointed = z.object({
  type: z.literal('AdminAppointed'),
  data: z.object({ userId: z.uuid() }),
});
export const AdminDismissed = z.object({
  type: z.literal('AdminDismissed'),
  data: z.object({ userId: z.uuid() }),
});

const schemas = { AdminAppointed, AdminDismissed };

export type AdminRosterEventType = keyof typeof schemas;
export type AdminRosterEvent = z.infer<typeof AdminAppointed> | z.infer<typeof AdminDismissed>;

export const adminRosterEventCatalogue = {
  AdminAppointed: { schema: AdminAppointed.shape.data, version: 1 },
  AdminDismissed: { schema: AdminDismissed.shape.data, version: 1 },
};

export function isAdminRosterEventType(type: string): type is AdminRosterEventType {
  return Object.hasOwn(schemas, type);
}

export function parseAdminRosterEvent(type: string, data: unknown): AdminRosterEvent {
  if (!isAdminRosterEventType(type)) {
    throw new InvalidEventError(type, [{ path: 'type', message: 'unknown event type' }]);
  }
  const result = schemas[type].safeParse({ type, data });
  if (result.success) return result.data;
  throw new InvalidEventError(
    type,
    result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  );
}
