import type { ExecutionContext } from 'ava';
import type { Decider } from './decider.js';
import { foldEvents } from './decider.js';

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * given(t, pastEvents).when(command).then(newEvents) | .thenThrows(ErrorClass): specs that read as the rule.
 * Tests only; it imports ava.
 */
export function deciderSpec<C, S, E>(decider: Decider<C, S, E>) {
  return (t: ExecutionContext, pastEvents: readonly E[] = []) => ({
    when: (command: C) => {
      const decide = () => decider.decide(command, foldEvents(decider, pastEvents));
      return {
        then(expected: readonly E[]): void {
          t.deepEqual(decide(), expected);
        },
        thenThrows(errorClass: ErrorClass, message?: RegExp): Error | undefined {
          const error = t.throws(decide, { instanceOf: errorClass as new (...args: never[]) => Error });
          if (message && error) t.regex(error.message, message);
          return error;
        },
        /** The events decided, for partial checks with t.like. */
        events: decide,
      };
    },
  });
}
