import { z } from 'zod';
import { InvalidEventError } from '../shared/errors.js';
import { ERASED } from './personalData.js';
import {
  bioFormat,
  emailFormat,
  isoDateTime,
  nameFormat,
  nicknameFormat,
  roleSchema,
  userIdSchema,
  webUrlFormat,
} from './values.js';

/** A personal field reads as ERASED once the account's key is shredded, whatever its format was. */
const erasable = <T extends z.ZodType>(format: T) => z.union([format, z.literal(ERASED)]);
const erasableNullable = <T extends z.ZodType>(format: T) => erasable(format).nullable();

const profileChanges = z
  .object({
    nickname: nicknameFormat,
    firstName: erasableNullable(nameFormat),
    lastName: erasableNullable(nameFormat),
    bio: erasableNullable(bioFormat),
    profilePictureUrl: erasableNullable(webUrlFormat),
    githubProfileUrl: erasableNullable(webUrlFormat),
    linkedinProfileUrl: erasableNullable(webUrlFormat),
  })
  .partial();

const event = <T extends string, D extends z.ZodRawShape>(type: T, data: D) =>
  z.object({ type: z.literal(type), data: z.object({ userId: userIdSchema, ...data }) });

const pendingToken = { tokenHash: z.string(), expiresAt: isoDateTime };

export const UserRegistered = event('UserRegistered', {
  email: erasable(emailFormat),
  nickname: nicknameFormat,
  firstName: erasableNullable(nameFormat),
  lastName: erasableNullable(nameFormat),
  bio: erasableNullable(bioFormat),
  profilePictureUrl: erasableNullable(webUrlFormat),
  githubProfileUrl: erasableNullable(webUrlFormat),
  linkedinProfileUrl: erasableNullable(webUrlFormat),
  role: roleSchema,
  passwordHash: z.string(),
  emailVerified: z.boolean(),
  registeredVia: z.enum(['self', 'admin']),
});
/** `email` is the address the link goes to, so the mail subscriber needs no read model. */
export const EmailVerificationRequested = event('EmailVerificationRequested', {
  email: erasable(emailFormat),
  ...pendingToken,
});
export const EmailVerified = event('EmailVerified', {});
export const LoginSucceeded = event('LoginSucceeded', {});
/** countsTowardLock is false before the email is verified: such failures never lock the account. */
export const LoginFailed = event('LoginFailed', { failedAttempts: z.int(), countsTowardLock: z.boolean() });
export const AccountLocked = event('AccountLocked', {
  failedAttempts: z.int(),
  lockedUntil: isoDateTime.nullable(),
});
export const AccountUnlocked = event('AccountUnlocked', {
  reason: z.enum(['admin', 'expired', 'password-reset']),
});
export const PasswordResetRequested = event('PasswordResetRequested', {
  email: erasable(emailFormat),
  ...pendingToken,
});
export const PasswordReset = event('PasswordReset', { passwordHash: z.string() });
export const PasswordChanged = event('PasswordChanged', { passwordHash: z.string() });
export const ProfileUpdated = event('ProfileUpdated', { changes: profileChanges });
export const EmailChanged = event('EmailChanged', {
  email: erasable(emailFormat),
  previousEmail: erasable(emailFormat),
  emailVerified: z.boolean(),
});
export const ProfessionalStatusChanged = event('ProfessionalStatusChanged', {
  isProfessional: z.boolean(),
  changedAt: isoDateTime,
});
export const RoleChanged = event('RoleChanged', {
  from: roleSchema,
  to: roleSchema,
  reason: z.enum(['admin', 'email-verified']),
});
/**
 * Every access token issued to the account before this event stops working (tokens carry the
 * account's session generation, which this event moves on).
 */
export const SessionsRevoked = event('SessionsRevoked', {
  reason: z.enum(['sign-out', 'admin', 'password-changed', 'password-reset', 'refresh-token-reuse']),
});
/**
 * One session of the account (a sign-in, and the tokens refreshed from it) ended, the others going on:
 * its access tokens stop working and it can no longer be refreshed. `tokensExpireBy` is when the last
 * access token it was given expires anyway, after which nothing needs to remember it.
 */
export const SessionEnded = event('SessionEnded', {
  sessionId: z.uuid(),
  reason: z.enum(['sign-out', 'admin']),
  tokensExpireBy: isoDateTime,
});
export const UserDeleted = event('UserDeleted', {});
export const PersonalDataErased = event('PersonalDataErased', {});

const schemas = {
  UserRegistered,
  EmailVerificationRequested,
  EmailVerified,
  LoginSucceeded,
  LoginFailed,
  AccountLocked,
  AccountUnlocked,
  PasswordResetRequested,
  PasswordReset,
  PasswordChanged,
  ProfileUpdated,
  EmailChanged,
  ProfessionalStatusChanged,
  RoleChanged,
  SessionsRevoked,
  SessionEnded,
  UserDeleted,
  PersonalDataErased,
};

export type UserEventType = keyof typeof schemas;
export type UserEvent = { [K in UserEventType]: z.infer<(typeof schemas)[K]> }[UserEventType];
export type UserEventOf<K extends UserEventType> = Extract<UserEvent, { type: K }>;
export type ProfileChanges = z.infer<typeof profileChanges>;

/** Every user event type with the schema of its data and the schema version new events are written with. */
export const userEventCatalogue = Object.fromEntries(
  Object.entries(schemas).map(([type, schema]) => [type, { schema: schema.shape.data, version: 1 }]),
) as { [K in UserEventType]: { schema: (typeof schemas)[K]['shape']['data']; version: number } };

export const userEventTypes = Object.keys(schemas) as UserEventType[];

export function isUserEventType(type: string): type is UserEventType {
  return Object.hasOwn(schemas, type);
}

/** Validates a stored (decrypted, upcast) payload into a typed event; throws InvalidEventError otherwise. */
export function parseUserEvent(type: string, data: unknown): UserEvent {
  if (!isUserEventType(type))
    throw new InvalidEventError(type, [{ path: 'type', message: 'unknown event type' }]);
  const result = schemas[type].safeParse({ type, data });
  if (result.success) return result.data;
  throw new InvalidEventError(
    type,
    result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  );
}
