/**
 * Business logic as three pure functions (Emmett's decider). `decide` returns the new facts, `[]` when the
 * command is already satisfied, and throws a DomainError to refuse.
 */
export type Decider<C, S, E> = {
  decide(command: C, state: S): E[];
  evolve(state: S, event: E): S;
  initialState: S;
};

/** The state after replaying `events` from the decider's initial state. */
export function foldEvents<C, S, E>(decider: Decider<C, S, E>, events: readonly E[]): S {
  return events.reduce(decider.evolve, decider.initialState);
}
