import { HttpError } from './httpErrors.js';

/** Positions are PostgreSQL bigints (EventStoreDB's commit positions fit them too). */
const MAX_POSITION = 2n ** 63n - 1n;

/** A client's `X-Event-Position` (from a write's answer) as the position a read must reflect. */
export function consistency(eventPosition: string | undefined): { atLeast?: bigint } {
  if (eventPosition === undefined || eventPosition === '') return {};
  const position = /^\d{1,19}$/.test(eventPosition) ? BigInt(eventPosition) : null;
  if (position === null || position > MAX_POSITION)
    throw new HttpError(422, 'X-Event-Position must be a position from this API');
  return { atLeast: position };
}
