import { HttpError } from './httpErrors.js';

/** A client's `X-Event-Position` (from a write's answer) as the position a read must reflect. */
export function consistency(eventPosition: string | undefined): { atLeast?: bigint } {
  if (eventPosition === undefined || eventPosition === '') return {};
  if (!/^\d{1,20}$/.test(eventPosition))
    throw new HttpError(422, 'X-Event-Position must be a position from this API');
  return { atLeast: BigInt(eventPosition) };
}
