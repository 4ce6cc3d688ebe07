import type { ReservationChanges, UserCommand, UserEvent } from '../domain/index.js';
import {
  decideReservation,
  evolve,
  reservationChangesFor,
  rosterEventsFor,
  userDecider,
  userEventCatalogue,
  userStream,
  validCommand,
} from '../domain/index.js';
import type { NewEvent, StreamWrite } from '../infrastructure/eventStore/eventStore.js';
import { ExpectedRevisionConflictError } from '../infrastructure/eventStore/eventStore.js';
import type { CommandDeps, CommandMeta, CommandResult } from './commandDeps.js';
import { eventMetadata } from './eventMetadata.js';
import { loadAdminRoster, loadReservation } from './smallStreams.js';
import { StaleRevisionError } from './staleRevisionError.js';
import type { LoadedUser } from './userAggregate.js';
import { loadUser, saveSnapshot } from './userAggregate.js';

/**
 * Load → decide → append for every user command. The user's events, the admin-roster events they
 * imply and the email/nickname reservations they claim or free are appended together, each
 * stream at the revision it was read at. A concurrency conflict means another command won the
 * race: the whole command is decided again on fresh state (once by default), then the conflict
 * is the answer.
 */
export const executeUserCommand =
  (deps: CommandDeps, options: { retries?: number; loaded?: LoadedUser } = {}) =>
  async (commands: UserCommand | readonly UserCommand[], meta: CommandMeta): Promise<CommandResult> => {
    const valid = (Array.isArray(commands) ? commands : [commands]).map(validCommand);
    // A caller that has just loaded the user (to check a password) saves the first load.
    let loaded = options.loaded;
    for (let retriesLeft = options.retries ?? 1; ; retriesLeft -= 1) {
      try {
        return await attempt(deps, valid, meta, loaded ?? (await loadUser(deps, valid[0]!.userId)));
      } catch (error) {
        if (!(error instanceof ExpectedRevisionConflictError) || retriesLeft <= 0) throw error;
        loaded = undefined;
      }
    }
  };

/**
 * Several commands on one user (a PUT that changes profile, email and role) are decided in turn
 * on the evolving state and appended together: all of them or none.
 */
async function attempt(
  deps: CommandDeps,
  commands: readonly UserCommand[],
  meta: CommandMeta,
  user: LoadedUser,
): Promise<CommandResult> {
  const userId = commands[0]!.userId;
  if (commands.some((command) => command.userId !== userId))
    throw new Error('commands must concern one user');
  if (meta.expectedRevision !== undefined && meta.expectedRevision !== user.revision) {
    throw new StaleRevisionError(userId, meta.expectedRevision, user.revision);
  }
  const unchanged = {
    userId,
    revision: user.revision,
    position: user.position,
    changed: false,
    events: [],
    state: user.state,
  };
  if (meta.commandId && user.recentCommandIds.includes(meta.commandId)) return unchanged;

  const needsRoster = commands.some(
    (command) => command.type === 'RegisterUser' || command.type === 'ChangeRole',
  );
  const roster = needsRoster ? await loadAdminRoster(deps) : null;
  const decided: UserEvent[] = [];
  let state = user.state;
  for (const command of commands) {
    const events = userDecider.decide(
      command.type === 'RegisterUser' ? { ...command, isFirstUser: !roster!.state.exists } : command,
      state,
    );
    state = events.reduce(evolve, state);
    decided.push(...events);
  }
  if (decided.length === 0) return unchanged;

  const writes: StreamWrite[] = [
    {
      streamId: userStream(userId),
      expectedRevision: user.revision < 0n ? 'no_stream' : user.revision,
      events: await Promise.all(decided.map((event) => encodeUserEvent(deps, userId, event, meta))),
      ...(user.lastEvent ? { knownHead: user.lastEvent } : {}),
    },
    ...(await rosterWrites(deps, userId, decided, roster, meta)),
    ...(await reservationWrites(deps, userId, reservationChangesFor(user.state, decided), meta)),
  ];
  const appended = await deps.store.appendToStreams(writes);
  const after: LoadedUser = {
    state,
    revision: appended.nextRevisions[0]!,
    position: appended.position,
    recentCommandIds: meta.commandId ? [...user.recentCommandIds, meta.commandId] : user.recentCommandIds,
  };
  await snapshotIfDue(deps, userId, user, after);
  return {
    userId,
    revision: after.revision,
    position: after.position,
    changed: true,
    events: decided,
    state,
  };
}

function encodeUserEvent(
  deps: CommandDeps,
  userId: string,
  event: UserEvent,
  meta: CommandMeta,
): Promise<NewEvent> {
  const metadata = eventMetadata(meta, deps.clock(), userEventCatalogue[event.type].version);
  return deps.codec.encode(userId, deps.newId(), event, metadata);
}

async function systemEvents(
  deps: CommandDeps,
  events: readonly { type: string; data: Record<string, unknown> }[],
  meta: CommandMeta,
): Promise<NewEvent[]> {
  return Promise.all(
    events.map((event) => deps.codec.encode(null, deps.newId(), event, eventMetadata(meta, deps.clock(), 1))),
  );
}

async function rosterWrites(
  deps: CommandDeps,
  userId: string,
  decided: readonly UserEvent[],
  loadedRoster: Awaited<ReturnType<typeof loadAdminRoster>> | null,
  meta: CommandMeta,
): Promise<StreamWrite[]> {
  const touchesAdmins = decided.some(
    (event) =>
      event.type === 'UserRegistered' ||
      event.type === 'RoleChanged' ||
      event.type === 'UserDeleted' ||
      event.type === 'PersonalDataErased',
  );
  if (!touchesAdmins) return [];
  const roster = loadedRoster ?? (await loadAdminRoster(deps));
  const events = rosterEventsFor(roster.state, userId, decided);
  if (events.length === 0) return [];
  return [
    {
      streamId: roster.streamId,
      expectedRevision: roster.revision < 0n ? 'no_stream' : roster.revision,
      events: await systemEvents(deps, events, meta),
    },
  ];
}

async function reservationWrites(
  deps: CommandDeps,
  userId: string,
  changes: ReservationChanges,
  meta: CommandMeta,
): Promise<StreamWrite[]> {
  const now = deps.clock();
  const claims = changes.reserve.map(async ({ kind, key }) => {
    const reservation = await loadReservation(deps, kind, key);
    const holder = reservation.state.ownerId;
    const currentOwnerExists =
      holder === null || holder === userId
        ? true
        : (await deps.store.streamRevision(userStream(holder))) >= 0n;
    const events = decideReservation(
      { type: 'ReserveKey', kind, ownerId: userId, currentOwnerExists, now },
      reservation.state,
    );
    return { reservation, events };
  });
  const releases = changes.release.map(async ({ kind, key }) => {
    const reservation = await loadReservation(deps, kind, key);
    return {
      reservation,
      events: decideReservation({ type: 'ReleaseKey', ownerId: userId }, reservation.state),
    };
  });
  const decided = await Promise.all([...claims, ...releases]);
  return Promise.all(
    decided
      .filter(({ events }) => events.length > 0)
      .map(async ({ reservation, events }) => ({
        streamId: reservation.streamId,
        expectedRevision: reservation.revision < 0n ? ('no_stream' as const) : reservation.revision,
        events: await systemEvents(deps, events, meta),
      })),
  );
}

async function snapshotIfDue(deps: CommandDeps, userId: string, before: LoadedUser, after: LoadedUser) {
  const every = BigInt(deps.policy.snapshotEvery);
  // Whenever the revision crosses a multiple of `every`: at most one snapshot write per `every` events.
  if (after.revision / every > before.revision / every) {
    await saveSnapshot(deps, userId, after);
  }
}
