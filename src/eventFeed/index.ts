export type { EventEnvelope } from './envelope.js';
export { toEnvelope } from './envelope.js';
export type { EventFeed, EventFeedServices, FeedPage, PageRequest } from './eventFeed.js';
export { createEventFeed, PositionBeyondHeadError } from './eventFeed.js';
export {
  envelopeSchema,
  publishedVersions,
  serialisedUserEventsSchema,
  userEventsJsonSchema,
} from './eventSchemas.js';
export type { Audience, PublishedMetadata } from './publication.js';
export {
  isPublishedStream,
  publishedData,
  publishedMetadata,
  publishedStreamPrefixes,
} from './publication.js';
export { streamServerSentEvents } from './serverSentEvents.js';
