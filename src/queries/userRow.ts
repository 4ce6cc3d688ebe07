import { z } from 'zod';
import { roleSchema } from '../domain/index.js';
import { sql } from '../infrastructure/postgres/sql.js';

/**
 * Instants as the API shows them (ISO 8601, UTC, milliseconds: what Date#toISOString gives),
 * formatted by PostgreSQL (see `isoTime`): a page of users then parses and formats no dates.
 */
const time = z.string();

/** An account as the read model holds it (live rows only: tombstones never leave the queries). */
export const userRow = z.object({
  id: z.string(),
  email: z.string(),
  nickname: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  bio: z.string().nullable(),
  profilePictureUrl: z.string().nullable(),
  linkedinProfileUrl: z.string().nullable(),
  githubProfileUrl: z.string().nullable(),
  role: roleSchema,
  isProfessional: z.boolean(),
  professionalStatusUpdatedAt: time.nullable(),
  emailVerified: z.boolean(),
  isLocked: z.boolean(),
  /** null while locked means "until an admin or a password reset unlocks". */
  lockedUntil: time.nullable(),
  failedLoginAttempts: z.number().int(),
  /** Only access tokens of this generation work (see SessionsRevoked). */
  sessionGeneration: z.number().int(),
  /** Sessions signed out one by one, whose access tokens must be refused (see SessionEnded). */
  endedSessions: z.array(z.object({ id: z.string(), until: z.string() })),
  createdAt: time,
  updatedAt: time,
  lastLoginAt: time.nullable(),
  /** The user stream's revision this row reflects (the ETag). */
  revision: z.bigint(),
});

export type UserRow = z.infer<typeof userRow>;

const isoTime = (column: string, alias: string) =>
  sql.fragment`to_char(${sql.identifier([column])} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as ${sql.identifier([alias])}`;

export const userColumns = sql.fragment`
  id, email, nickname, first_name as "firstName", last_name as "lastName", bio,
  profile_picture_url as "profilePictureUrl", linkedin_profile_url as "linkedinProfileUrl",
  github_profile_url as "githubProfileUrl", role, is_professional as "isProfessional",
  ${isoTime('professional_status_updated_at', 'professionalStatusUpdatedAt')}, email_verified as "emailVerified",
  is_locked as "isLocked", ${isoTime('locked_until', 'lockedUntil')}, failed_login_attempts as "failedLoginAttempts",
  session_generation as "sessionGeneration", ended_sessions as "endedSessions",
  ${isoTime('created_at', 'createdAt')}, ${isoTime('updated_at', 'updatedAt')},
  ${isoTime('last_login_at', 'lastLoginAt')}, revision
`;
