import type { UserEvent, UserEventOf } from '../events.js';
import type { PendingTokenInput, Role } from '../values.js';
import type { Persona } from './fixtures.js';
import { iso, verificationToken } from './fixtures.js';

type Data<K extends UserEvent['type']> = UserEventOf<K>['data'];

export const registered = (who: Persona, data: Partial<Data<'UserRegistered'>> = {}): UserEvent => ({
  type: 'UserRegistered',
  data: {
    userId: who.id,
    email: who.email,
    nickname: who.nickname,
    firstName: null,
    lastName: null,
    bio: null,
    profilePictureUrl: null,
    githubProfileUrl: null,
    linkedinProfileUrl: null,
    role: 'ANONYMOUS',
    passwordHash: who.passwordHash,
    emailVerified: false,
    registeredVia: 'self',
    ...data,
  },
});

export const verificationRequested = (
  who: Persona,
  token: PendingTokenInput = verificationToken,
  email = who.email,
): UserEvent => ({
  type: 'EmailVerificationRequested',
  data: { userId: who.id, email, tokenHash: token.tokenHash, expiresAt: iso(token.expiresAt) },
});

export const emailVerified = (who: Persona): UserEvent => ({
  type: 'EmailVerified',
  data: { userId: who.id },
});

export const roleChanged = (
  who: Persona,
  from: Role,
  to: Role,
  reason: 'admin' | 'email-verified' = 'admin',
): UserEvent => ({ type: 'RoleChanged', data: { userId: who.id, from, to, reason } });

/** A self-registered user who verified the address: AUTHENTICATED. */
export const activeUser = (who: Persona, role: Role = 'AUTHENTICATED'): UserEvent[] => [
  registered(who),
  verificationRequested(who),
  emailVerified(who),
  roleChanged(who, 'ANONYMOUS', 'AUTHENTICATED', 'email-verified'),
  ...(role === 'AUTHENTICATED' ? [] : [roleChanged(who, 'AUTHENTICATED', role)]),
];

export const loginFailed = (who: Persona, failedAttempts: number, countsTowardLock = true): UserEvent => ({
  type: 'LoginFailed',
  data: { userId: who.id, failedAttempts, countsTowardLock },
});

export const accountLocked = (who: Persona, failedAttempts: number, lockedUntil: Date | null): UserEvent => ({
  type: 'AccountLocked',
  data: { userId: who.id, failedAttempts, lockedUntil: lockedUntil && iso(lockedUntil) },
});

export const accountUnlocked = (who: Persona, reason: Data<'AccountUnlocked'>['reason']): UserEvent => ({
  type: 'AccountUnlocked',
  data: { userId: who.id, reason },
});

export const passwordResetRequested = (who: Persona, token: PendingTokenInput): UserEvent => ({
  type: 'PasswordResetRequested',
  data: { userId: who.id, email: who.email, tokenHash: token.tokenHash, expiresAt: iso(token.expiresAt) },
});

export const sessionsRevoked = (who: Persona, reason: Data<'SessionsRevoked'>['reason']): UserEvent => ({
  type: 'SessionsRevoked',
  data: { userId: who.id, reason },
});

export const sessionEnded = (
  who: Persona,
  sessionId: string,
  reason: Data<'SessionEnded'>['reason'],
  tokensExpireBy: Date,
): UserEvent => ({
  type: 'SessionEnded',
  data: { userId: who.id, sessionId, reason, tokensExpireBy: tokensExpireBy.toISOString() },
});

export const userDeleted = (who: Persona): UserEvent => ({ type: 'UserDeleted', data: { userId: who.id } });
export const personalDataErased = (who: Persona): UserEvent => ({
  type: 'PersonalDataErased',
  data: { userId: who.id },
});
