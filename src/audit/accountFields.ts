import type { User } from '../domain/index.js';

export type Scalar = string | number | boolean | null;

/**
 * The account as an auditor compares it from one event to the next: API (snake_case) names, and
 * no credential. Token hashes are left out entirely (a pending link shows only its expiry); the
 * password hash is compared apart, by `passwordOf`, and only ever reported as changed.
 */
export function accountFields(state: User): Record<string, Scalar> {
  if (state.status === 'none') return {};
  return {
    status: state.status,
    email: state.email,
    nickname: state.nickname,
    first_name: state.firstName,
    last_name: state.lastName,
    bio: state.bio,
    profile_picture_url: state.profilePictureUrl,
    github_profile_url: state.githubProfileUrl,
    linkedin_profile_url: state.linkedinProfileUrl,
    role: state.role,
    email_verified: state.emailVerified,
    registered_via: state.registeredVia,
    failed_login_attempts: state.failedAttempts,
    is_locked: state.locked,
    locked_until: state.lockedUntil,
    is_professional: state.isProfessional,
    professional_status_updated_at: state.professionalStatusChangedAt,
    email_verification_expires_at: state.pendingVerification?.expiresAt ?? null,
    password_reset_expires_at: state.pendingReset?.expiresAt ?? null,
  };
}

/** The stored password hash, for comparison only: it never leaves this module's callers. */
export const passwordOf = (state: User): string | null =>
  state.status === 'none' ? null : state.passwordHash;
