export * from './user/index.js';
export * from './adminRoster/index.js';
export * from './reservation/index.js';
export type { Decider } from './shared/decider.js';
export { foldEvents } from './shared/decider.js';
export { constantTimeEqual } from './shared/constantTimeEqual.js';
