import { writeFile } from 'node:fs/promises';
import { serialisedUserEventsSchema } from '../src/eventFeed/eventSchemas.js';

/**
 * `npm run events:schema`: rewrites docs/events/user-events.schema.json from the zod schemas of
 * the event catalogue. Commit the result with the schema change; a unit test fails until you do.
 */
const target = new URL('../../docs/events/user-events.schema.json', import.meta.url);
await writeFile(target, serialisedUserEventsSchema());
console.log(`wrote ${target.pathname}`);
