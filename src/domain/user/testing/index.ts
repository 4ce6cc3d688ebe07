export * as command from './commands.js';
export * from './events.js';
export * from './fixtures.js';
export * from './given.js';
