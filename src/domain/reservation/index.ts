export * from './decide.js';
export * from './errors.js';
export * from './events.js';
export * from './reservationChanges.js';
export * from './state.js';
export * from './streams.js';
