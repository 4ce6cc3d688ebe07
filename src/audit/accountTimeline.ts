import type { User, UserEvent } from '../domain/index.js';
import { evolve, initialState, InvalidEventError, parseUserEvent } from '../domain/index.js';
import type { RecordedEvent } from '../infrastructure/eventStore/eventStore.js';

/** An account folded from its decoded events, with the times the user response shows. */
export type AccountTimeline = {
  state: User;
  /** -1n before the first event. */
  revision: bigint;
  createdAt: string | null;
  updatedAt: string | null;
  lastLoginAt: string | null;
};

export const emptyTimeline: AccountTimeline = {
  state: initialState,
  revision: -1n,
  createdAt: null,
  updatedAt: null,
  lastLoginAt: null,
};

export type TimelineStep = {
  before: AccountTimeline;
  after: AccountTimeline;
  /** Null when the stored event does not parse (a newer release's type, say): the state stays as it was. */
  event: UserEvent | null;
};

/** Times are the events' occurredAt, as in the users read model, so both tell the same story. */
export function step(before: AccountTimeline, recorded: RecordedEvent): TimelineStep {
  const event = parsed(recorded);
  const at = recorded.metadata.occurredAt;
  const state = event ? evolve(before.state, event) : before.state;
  const after: AccountTimeline = {
    state,
    revision: recorded.revision,
    createdAt: before.createdAt ?? (state.status === 'none' ? null : at),
    updatedAt: state.status === 'none' ? null : at,
    lastLoginAt: event?.type === 'LoginSucceeded' ? at : before.lastLoginAt,
  };
  return { before, after, event };
}

export const foldTimeline = (
  recorded: readonly RecordedEvent[],
  start: AccountTimeline = emptyTimeline,
): AccountTimeline => recorded.reduce((timeline, event) => step(timeline, event).after, start);

function parsed(recorded: RecordedEvent): UserEvent | null {
  try {
    return parseUserEvent(recorded.type, recorded.data);
  } catch (error) {
    if (error instanceof InvalidEventError) return null;
    throw error;
  }
}
