import { lockHolds } from '../../domain/index.js';
export type RoleName = 'ADMIN' | 'MANAGER' | 'AUTHENTICATED' | 'ANONYMOUS';

/** What a query returns for one account (read model row, camelCase). */
export type UserView = {
  id: string;
  email: string;
  nickname: string;
  firstName: string | null;
  lastName: string | null;
  bio: string | null;
  profilePictureUrl: string | null;
  linkedinProfileUrl: string | null;
  githubProfileUrl: string | null;
  role: RoleName;
  isProfessional: boolean;
  /** Instants as ISO 8601 strings in UTC, as the API shows them. */
  professionalStatusUpdatedAt: string | null;
  emailVerified: boolean;
  isLocked: boolean;
  lockedUntil: string | null;
  createdAt: string;
  updatedAt: string;
  lastLoginAt: string | null;
  revision: bigint;
};

export interface Link {
  rel: string;
  href: string;
  method: string;
}

/** An account as clients see it: the original service's fields, plus state a client needs. Never a hash or a token. */
export interface UserResponse {
  /** @format uuid */
  id: string;
  email: string;
  nickname: string;
  first_name: string | null;
  last_name: string | null;
  bio: string | null;
  profile_picture_url: string | null;
  linkedin_profile_url: string | null;
  github_profile_url: string | null;
  role: RoleName;
  is_professional: boolean;
  /** @format date-time */
  professional_status_updated_at: string | null;
  email_verified: boolean;
  /** Whether the account is locked now: a lock whose `locked_until` has passed no longer counts. */
  is_locked: boolean;
  /**
   * When the current lock lifts by itself (with ACCOUNT_LOCK_MINUTES set); null when the account is
   * not locked, or when only an admin or a password reset can unlock it.
   * @format date-time
   */
  locked_until: string | null;
  /** @format date-time */
  created_at: string;
  /** @format date-time */
  updated_at: string;
  /** @format date-time */
  last_login_at: string | null;
  links: Link[];
}

export function userResponse(user: UserView, baseUrl: string, now = new Date()): UserResponse {
  const self = `${baseUrl}/users/${user.id}`;
  const locked = lockHolds({ locked: user.isLocked, lockedUntil: user.lockedUntil }, now);
  return {
    id: user.id,
    email: user.email,
    nickname: user.nickname,
    first_name: user.firstName,
    last_name: user.lastName,
    bio: user.bio,
    profile_picture_url: user.profilePictureUrl,
    linkedin_profile_url: user.linkedinProfileUrl,
    github_profile_url: user.githubProfileUrl,
    role: user.role,
    is_professional: user.isProfessional,
    professional_status_updated_at: user.professionalStatusUpdatedAt,
    email_verified: user.emailVerified,
    is_locked: locked,
    locked_until: locked ? user.lockedUntil : null,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
    last_login_at: user.lastLoginAt,
    links: [
      { rel: 'self', href: self, method: 'GET' },
      { rel: 'update', href: self, method: 'PUT' },
      { rel: 'delete', href: self, method: 'DELETE' },
    ],
  };
}
