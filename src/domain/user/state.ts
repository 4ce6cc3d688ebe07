import type { ProfileChanges, UserEvent, UserEventOf } from './events.js';
import { ERASED } from './personalData.js';
import type { Profile, Role } from './values.js';
import { profileFieldNames } from './values.js';

/** A token as stored: only its hash, and the ISO instant from which it no longer works. */
export type PendingToken = { tokenHash: string; expiresAt: string };

export type Account = Profile & {
  id: string;
  email: string;
  nickname: string;
  role: Role;
  emailVerified: boolean;
  passwordHash: string;
  registeredVia: 'self' | 'admin';
  /** Consecutive failed logins that count toward the lock (verified account, wrong password). */
  failedAttempts: number;
  locked: boolean;
  /** null while locked means "until an admin or a password reset unlocks". */
  lockedUntil: string | null;
  pendingVerification: PendingToken | null;
  /** The hash of the link that verified the current address, so clicking it again still answers success. */
  verifiedWithTokenHash: string | null;
  pendingReset: PendingToken | null;
  isProfessional: boolean;
  professionalStatusChangedAt: string | null;
  /**
   * Access tokens carry the generation they were issued at, and only tokens of the current one work:
   * each SessionsRevoked moves it on (a sign-out everywhere, a password changed or reset).
   */
  sessionGeneration: number;
};

export type NoUser = { status: 'none' };
export type ActiveUser = Account & { status: 'active' };
/** Deleted accounts keep their data (audit, later erasure) but accept no command. */
export type DeletedUser = Account & { status: 'deleted' };
/** Personal fields read ERASED, credentials are gone; accepts no command. */
export type ErasedUser = Account & { status: 'erased' };
export type User = NoUser | ActiveUser | DeletedUser | ErasedUser;

export const initialState: User = { status: 'none' };

function registered({ data }: UserEventOf<'UserRegistered'>): ActiveUser {
  return {
    status: 'active',
    id: data.userId,
    email: data.email,
    nickname: data.nickname,
    firstName: data.firstName,
    lastName: data.lastName,
    bio: data.bio,
    profilePictureUrl: data.profilePictureUrl,
    githubProfileUrl: data.githubProfileUrl,
    linkedinProfileUrl: data.linkedinProfileUrl,
    role: data.role,
    emailVerified: data.emailVerified,
    passwordHash: data.passwordHash,
    registeredVia: data.registeredVia,
    failedAttempts: 0,
    locked: false,
    lockedUntil: null,
    pendingVerification: null,
    verifiedWithTokenHash: null,
    pendingReset: null,
    isProfessional: false,
    professionalStatusChangedAt: null,
    sessionGeneration: 0,
  };
}

function withChanges<S extends Account>(state: S, changes: ProfileChanges): S {
  const defined = Object.entries(changes).filter(([, value]) => value !== undefined);
  return { ...state, ...Object.fromEntries(defined) };
}

/** What replaying the account reads after its key is shredded: absent values stay null, the rest is ERASED. */
function erased(state: Account): ErasedUser {
  const profile = Object.fromEntries(
    profileFieldNames.map((name) => [name, state[name] === null ? null : ERASED]),
  ) as Profile;
  return {
    ...state,
    ...profile,
    status: 'erased',
    email: ERASED,
    passwordHash: ERASED,
    pendingVerification: null,
    verifiedWithTokenHash: null,
    pendingReset: null,
  };
}

/**
 * Total and tolerant: an event that makes no sense for the state (say, a second UserRegistered) leaves it as is,
 * because a recorded fact is never rejected on replay.
 */
export function evolve(state: User, event: UserEvent): User {
  if (state.status === 'none') return event.type === 'UserRegistered' ? registered(event) : state;
  switch (event.type) {
    case 'UserRegistered':
      return state;
    case 'EmailVerificationRequested':
      return {
        ...state,
        pendingVerification: { tokenHash: event.data.tokenHash, expiresAt: event.data.expiresAt },
      };
    case 'EmailVerified':
      return {
        ...state,
        emailVerified: true,
        pendingVerification: null,
        verifiedWithTokenHash: state.pendingVerification?.tokenHash ?? null,
      };
    case 'LoginSucceeded':
      return { ...state, failedAttempts: 0 };
    case 'LoginFailed':
      return event.data.countsTowardLock ? { ...state, failedAttempts: event.data.failedAttempts } : state;
    case 'AccountLocked':
      return {
        ...state,
        locked: true,
        lockedUntil: event.data.lockedUntil,
        failedAttempts: event.data.failedAttempts,
      };
    case 'AccountUnlocked':
      return { ...state, locked: false, lockedUntil: null, failedAttempts: 0 };
    case 'PasswordResetRequested':
      return { ...state, pendingReset: { tokenHash: event.data.tokenHash, expiresAt: event.data.expiresAt } };
    case 'PasswordReset':
      return { ...state, passwordHash: event.data.passwordHash, pendingReset: null, failedAttempts: 0 };
    case 'PasswordChanged':
      // A changed password voids any reset link still in a mailbox.
      return { ...state, passwordHash: event.data.passwordHash, pendingReset: null };
    case 'ProfileUpdated':
      return withChanges(state, event.data.changes);
    case 'EmailChanged':
      return {
        ...state,
        email: event.data.email,
        emailVerified: event.data.emailVerified,
        pendingVerification: null,
        verifiedWithTokenHash: null,
      };
    case 'ProfessionalStatusChanged':
      return {
        ...state,
        isProfessional: event.data.isProfessional,
        professionalStatusChangedAt: event.data.changedAt,
      };
    case 'RoleChanged':
      return { ...state, role: event.data.to };
    case 'SessionsRevoked':
      return { ...state, sessionGeneration: state.sessionGeneration + 1 };
    case 'SessionEnded':
      // Decisions never depend on which sessions ended: only the requests' check does (read model).
      return state;
    case 'UserDeleted':
      return state.status === 'active' ? { ...state, status: 'deleted' } : state;
    case 'PersonalDataErased':
      return erased(state);
    default:
      // An event type from a newer release, replayed by an older one: skipped rather than failing the stream.
      return state;
  }
}
