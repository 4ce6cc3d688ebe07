import { z } from 'zod';
import { roleSchema } from '../domain/index.js';
import { sql } from '../infrastructure/postgres/sql.js';

const time = z.number().transform((epochMs) => new Date(epochMs));

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
  createdAt: time,
  updatedAt: time,
  lastLoginAt: time.nullable(),
  /** The user stream's revision this row reflects (the ETag). */
  revision: z.bigint(),
});

export type UserRow = z.infer<typeof userRow>;

export const userColumns = sql.fragment`
  id, email, nickname, first_name as "firstName", last_name as "lastName", bio,
  profile_picture_url as "profilePictureUrl", linkedin_profile_url as "linkedinProfileUrl",
  github_profile_url as "githubProfileUrl", role, is_professional as "isProfessional",
  professional_status_updated_at as "professionalStatusUpdatedAt", email_verified as "emailVerified",
  is_locked as "isLocked", locked_until as "lockedUntil", failed_login_attempts as "failedLoginAttempts",
  created_at as "createdAt", updated_at as "updatedAt", last_login_at as "lastLoginAt", revision
`;
