import { readFile } from 'node:fs/promises';
import test from 'ava';
import { secretFields, userEventCatalogue, userEventTypes } from '../domain/index.js';
import { serialisedUserEventsSchema, userEventsJsonSchema } from './eventSchemas.js';

const checkedIn = new URL('../../../docs/events/user-events.schema.json', import.meta.url);

test('the checked-in contract is exactly what the zod schemas generate (run npm run events:schema)', async (t) => {
  t.is(await readFile(checkedIn, 'utf8'), serialisedUserEventsSchema());
});

test('the contract has one definition per event type and current version', (t) => {
  const defs = userEventsJsonSchema()['$defs'] as Record<string, unknown>;
  for (const type of userEventTypes) t.true(`${type}.v${userEventCatalogue[type].version}` in defs, type);
});

test('the contract never describes a credential field', (t) => {
  const json = JSON.stringify(userEventsJsonSchema());
  for (const field of new Set(Object.values(secretFields).flat()))
    t.false(json.includes(`"${field}"`), field);
});
