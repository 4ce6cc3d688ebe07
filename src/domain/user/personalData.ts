import type { UserEventType } from './events.js';

/**
 * Data classification of user event payloads, for crypto-shredding and for publishing.
 *
 * Personal fields are encrypted with a per-user key before they are stored; erasing the account shreds the key,
 * after which every personal field of every past event decrypts to ERASED. Nested paths use dots.
 */
export const ERASED = '[erased]';

const profileChanges = [
  'changes.firstName',
  'changes.lastName',
  'changes.bio',
  'changes.profilePictureUrl',
  'changes.githubProfileUrl',
  'changes.linkedinProfileUrl',
];

export const personalFields: Record<UserEventType, readonly string[]> = {
  UserRegistered: [
    'email',
    'firstName',
    'lastName',
    'bio',
    'profilePictureUrl',
    'githubProfileUrl',
    'linkedinProfileUrl',
  ],
  EmailVerificationRequested: ['email'],
  EmailVerified: [],
  LoginSucceeded: [],
  LoginFailed: [],
  AccountLocked: [],
  AccountUnlocked: [],
  PasswordResetRequested: ['email'],
  PasswordReset: [],
  PasswordChanged: [],
  ProfileUpdated: profileChanges,
  EmailChanged: ['email', 'previousEmail'],
  ProfessionalStatusChanged: [],
  RoleChanged: [],
  SessionsRevoked: [],
  SessionEnded: [],
  UserDeleted: [],
  PersonalDataErased: [],
};

/** Credentials: stored, but never published outside the service (Kafka relay, HTTP event feed, audit views). */
export const secretFields: Partial<Record<UserEventType, readonly string[]>> = {
  UserRegistered: ['passwordHash'],
  EmailVerificationRequested: ['tokenHash'],
  PasswordResetRequested: ['tokenHash'],
  PasswordReset: ['passwordHash'],
  PasswordChanged: ['passwordHash'],
};

type Data = Record<string, unknown>;

const isRecord = (value: unknown): value is Data => typeof value === 'object' && value !== null;

function mapPath(data: Data, path: readonly string[], fn: (value: string) => string | undefined): Data {
  const [head, ...rest] = path;
  if (head === undefined || !Object.hasOwn(data, head)) return data;
  const value = data[head];
  if (rest.length > 0) return isRecord(value) ? { ...data, [head]: mapPath(value, rest, fn) } : data;
  if (typeof value !== 'string') return data;
  const mapped = fn(value);
  if (mapped !== undefined) return { ...data, [head]: mapped };
  const { [head]: _removed, ...others } = data;
  return others;
}

/**
 * A copy of `data` with `fn` applied to each personal string field present (null and absent fields are left
 * alone). Other event types, including other streams' events, come back unchanged.
 */
export function mapPersonalFields(
  type: string,
  data: Data,
  fn: (value: string, path: string) => string,
): Data {
  const paths = (personalFields as Partial<Record<string, readonly string[]>>)[type] ?? [];
  return paths.reduce((result, path) => mapPath(result, path.split('.'), (value) => fn(value, path)), data);
}

/** A copy of `data` without credential fields, for anything that leaves the service. */
export function withoutSecrets(type: string, data: Data): Data {
  const paths = (secretFields as Partial<Record<string, readonly string[]>>)[type] ?? [];
  return paths.reduce((result, path) => mapPath(result, path.split('.'), () => undefined), data);
}
