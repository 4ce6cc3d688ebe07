import { deciderSpec } from '../../shared/deciderSpec.js';
import { userDecider } from '../decide.js';
import type { UserEvent } from '../events.js';
import type { User } from '../state.js';
import { evolve, initialState } from '../state.js';

/** given(t, pastEvents).when(command).then(newEvents) | .thenThrows(ErrorClass) for the User decider. */
export const given = deciderSpec(userDecider);

/** The state after replaying `events`. */
export const stateAfter = (events: readonly UserEvent[]): User => events.reduce(evolve, initialState);
