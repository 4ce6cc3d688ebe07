import { z } from 'zod';
import type { UserEventType } from '../domain/index.js';
import { personalFields, secretFields, userEventCatalogue, userEventTypes } from '../domain/index.js';

const PERSONAL =
  'Personal data: present only for audiences entitled to it (the internal Kafka topic, an ADMIN on the HTTP feed); reads "[erased]" once the account is erased.';

type PublishedVersion = { type: UserEventType; version: number; data: z.ZodObject };

/**
 * Payload schemas of versions no longer written, kept because old messages stay on the topic and in
 * consumers' stores. When a type moves to version n+1, move its version-n schema here unchanged
 * (see docs/events/README.md); the generated contract then lists both.
 */
const retiredVersions: readonly PublishedVersion[] = [];

const currentVersions = (): PublishedVersion[] =>
  userEventTypes.map((type) => ({
    type,
    version: userEventCatalogue[type].version,
    data: userEventCatalogue[type].schema,
  }));

const decimal = (description: string) =>
  z
    .string()
    .regex(/^[0-9]+$/)
    .describe(description);

const metadataSchema = z
  .object({
    actorId: z.string().nullable().describe('Account that caused the event; null for anonymous callers.'),
    actorRole: z.string().nullable().describe('Role of that account at the time.'),
    correlationId: z.string().describe('Request id shared by every event one request caused.'),
    causationId: z.string().nullable().describe('Event or command that caused this one, where known.'),
    clientIp: z.string().optional().describe(PERSONAL),
    userAgent: z.string().optional().describe(PERSONAL),
  })
  .meta({ id: 'EventMetadata' });

/**
 * The payload as published: credentials left out, personal fields optional (absent for audiences
 * without the right to them) and labelled as personal data.
 */
function publishedDataSchema(type: UserEventType, data: z.ZodObject): z.ZodObject {
  const secrets = new Set(secretFields[type] ?? []);
  const shape = Object.fromEntries(Object.entries(data.shape).filter(([field]) => !secrets.has(field)));
  return markPersonal(z.object(shape).strict(), personalFields[type]);
}

function markPersonal(schema: z.ZodObject, paths: readonly string[]): z.ZodObject {
  if (paths.length === 0) return schema;
  const shape: Record<string, z.ZodType> = { ...schema.shape };
  for (const [field, nested] of groupByHead(paths)) {
    const fieldSchema = shape[field];
    if (!fieldSchema) continue;
    shape[field] =
      nested.length > 0 && fieldSchema instanceof z.ZodObject
        ? markPersonal(fieldSchema, nested)
        : fieldSchema.optional().describe(PERSONAL);
  }
  return z.object(shape).strict();
}

function groupByHead(paths: readonly string[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const path of paths) {
    const [head, ...rest] = path.split('.');
    const group = groups.get(head!) ?? [];
    if (rest.length > 0) group.push(rest.join('.'));
    groups.set(head!, group);
  }
  return groups;
}

/** The whole envelope of one type and version, as zod: what consumers validate against. */
export function envelopeSchema({ type, version, data }: PublishedVersion): z.ZodObject {
  return z
    .object({
      eventId: z.uuid().describe('Deduplication key: delivery is at least once.'),
      type: z.literal(type),
      schemaVersion: z.literal(version),
      streamId: z
        .string()
        .regex(/^user-/)
        .describe('user-<userId>: the Kafka message key is the userId.'),
      revision: decimal('0-based revision in the stream; contiguous per user.'),
      position: decimal('Global position: increasing but sparse; compare, never count with it.'),
      occurredAt: z.iso.datetime(),
      data: publishedDataSchema(type, data),
      metadata: metadataSchema,
    })
    .strict()
    .meta({ id: `${type}.v${version}`, title: `${type} (version ${version})` });
}

/** Every published type and version, current first, in catalogue order. */
export const publishedVersions = (): PublishedVersion[] => [...currentVersions(), ...retiredVersions];

/**
 * The contract as one JSON Schema (draft 2020-12): an envelope is exactly one of the `$defs`
 * `<Type>.v<version>`. Deterministic, so the checked-in copy can be compared byte for byte.
 */
export function userEventsJsonSchema(): Record<string, unknown> {
  const union = z.union(publishedVersions().map(envelopeSchema));
  const generated = z.toJSONSchema(union, { target: 'draft-2020-12' }) as Record<string, unknown>;
  const { $schema, anyOf, $defs } = generated;
  return {
    $schema,
    $id: 'urn:user-ledger:user-events',
    title: 'User Ledger user events',
    description:
      'One event envelope as published on the Kafka topic user-events and by GET /events. See docs/events/README.md.',
    oneOf: anyOf,
    $defs,
  };
}

/** The contract file's exact bytes, as checked in under docs/events/ (a test compares them). */
export const serialisedUserEventsSchema = (): string =>
  `${JSON.stringify(userEventsJsonSchema(), null, 2)}\n`;
