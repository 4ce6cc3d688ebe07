import type { RoleName } from './presenters/userResponse.js';

/** Profile fields a client may send. Limits are checked again by the domain, naming the field on failure. */
export interface ProfileFields {
  /** @maxLength 100 */
  first_name?: string | null;
  /** @maxLength 100 */
  last_name?: string | null;
  /** @maxLength 500 */
  bio?: string | null;
  /** @maxLength 255 @pattern ^https?:// */
  profile_picture_url?: string | null;
  /** @maxLength 255 @pattern ^https?:// */
  linkedin_profile_url?: string | null;
  /** @maxLength 255 @pattern ^https?:// */
  github_profile_url?: string | null;
}

export interface RegisterRequest extends ProfileFields {
  /** @maxLength 254 @pattern ^[^@\s]+@[^@\s]+\.[^@\s]+$ */
  email: string;
  /** @minLength 8 @maxLength 128 */
  password: string;
  /**
   * Accepted for compatibility and ignored: a nickname is generated.
   * @minLength 3 @maxLength 50 @pattern ^[A-Za-z0-9_-]+$
   */
  nickname?: string;
  /** Accepted for compatibility and ignored: new accounts start ANONYMOUS (the very first one ADMIN). */
  role?: RoleName;
}

export interface CreateUserRequest extends ProfileFields {
  /** @maxLength 254 @pattern ^[^@\s]+@[^@\s]+\.[^@\s]+$ */
  email: string;
  /** @minLength 8 @maxLength 128 */
  password: string;
  /** @minLength 3 @maxLength 50 @pattern ^[A-Za-z0-9_-]+$ */
  nickname?: string;
  /** Only an ADMIN may choose the role; otherwise AUTHENTICATED. */
  role?: RoleName;
  email_verified?: boolean;
}

export interface UserUpdateRequest extends ProfileFields {
  /** @maxLength 254 @pattern ^[^@\s]+@[^@\s]+\.[^@\s]+$ */
  email?: string;
  /** @minLength 3 @maxLength 50 @pattern ^[A-Za-z0-9_-]+$ */
  nickname?: string;
  /** Only an ADMIN may change roles. */
  role?: RoleName;
}

export interface LoginForm {
  /** The account's email address. */
  username: string;
  password: string;
  grant_type?: string;
  /** Space-separated; `offline_access` asks for a refresh token as well. */
  scope?: string;
  client_id?: string;
  client_secret?: string;
}

export interface EmailRequest {
  /** @maxLength 254 */
  email: string;
}

export interface PasswordResetConfirmation {
  /** @format uuid */
  user_id: string;
  token: string;
  /** @minLength 8 @maxLength 128 */
  new_password: string;
}

export interface PasswordChangeRequest {
  current_password: string;
  /** @minLength 8 @maxLength 128 */
  new_password: string;
}

export interface AccountClosureRequest {
  /** The account's current password. */
  password: string;
}

export interface ProfessionalStatusRequest {
  is_professional: boolean;
}

export interface TokenResponse {
  access_token: string;
  token_type: 'bearer';
  /** Seconds until the access token expires. */
  expires_in: number;
  /**
   * Only when the sign-in asked for it (`scope=offline_access`), and in every refresh answer.
   * Exchanges for a new access token at `POST /token/refresh`, once: the answer carries its successor.
   * Keep it as secret as the password.
   */
  refresh_token?: string;
}

/** The OAuth2 refresh form (or JSON): OAuth2 clients' other fields are accepted and ignored. */
export interface RefreshRequest {
  refresh_token: string;
  grant_type?: string;
  scope?: string;
  client_id?: string;
  client_secret?: string;
}

export interface MessageResponse {
  message: string;
}

export const profileChangesFrom = (body: ProfileFields) => {
  const changes: Record<string, string | null> = {};
  const map = {
    first_name: 'firstName',
    last_name: 'lastName',
    bio: 'bio',
    profile_picture_url: 'profilePictureUrl',
    linkedin_profile_url: 'linkedinProfileUrl',
    github_profile_url: 'githubProfileUrl',
  } as const;
  for (const [field, name] of Object.entries(map)) {
    const value = body[field as keyof ProfileFields];
    if (value !== undefined) changes[name] = value;
  }
  return changes;
};
