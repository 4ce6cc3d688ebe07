import type { ProfileChanges, UserEvent } from '../domain/index.js';

const profileFieldNames: Record<keyof ProfileChanges, string> = {
  nickname: 'nickname',
  firstName: 'first name',
  lastName: 'last name',
  bio: 'bio',
  profilePictureUrl: 'profile picture',
  githubProfileUrl: 'GitHub profile',
  linkedinProfileUrl: 'LinkedIn profile',
};

const revocationReasons = {
  'sign-out': 'by its holder',
  admin: 'by staff',
  'password-changed': 'as the password changed',
  'password-reset': 'as the password was reset',
  'refresh-token-reuse': 'as a spent refresh token was used again',
} as const;

const unlockReasons = {
  admin: 'by staff',
  expired: 'when the lock expired',
  'password-reset': 'by a password reset',
} as const;

/** One line an auditor can read without knowing the event catalogue. Never mentions a credential's value. */
export function summary(event: UserEvent): string {
  switch (event.type) {
    case 'UserRegistered':
      return event.data.registeredVia === 'self'
        ? `Account registered by its holder as ${event.data.role}`
        : `Account created by staff as ${event.data.role}${event.data.emailVerified ? ', email pre-verified' : ''}`;
    case 'EmailVerificationRequested':
      return `Verification link sent to ${event.data.email}, valid until ${event.data.expiresAt}`;
    case 'EmailVerified':
      return 'Email address verified';
    case 'LoginSucceeded':
      return 'Signed in';
    case 'LoginFailed':
      return event.data.countsTowardLock
        ? `Sign-in failed: wrong password (${event.data.failedAttempts} in a row)`
        : 'Sign-in failed before the email was verified (not counted toward a lock)';
    case 'AccountLocked':
      return `Account locked after ${event.data.failedAttempts} failed sign-ins, ${
        event.data.lockedUntil ? `until ${event.data.lockedUntil}` : 'until unlocked'
      }`;
    case 'AccountUnlocked':
      return `Account unlocked ${unlockReasons[event.data.reason]}`;
    case 'PasswordResetRequested':
      return `Password reset link sent to ${event.data.email}, valid until ${event.data.expiresAt}`;
    case 'PasswordReset':
      return 'Password reset with an emailed link';
    case 'PasswordChanged':
      return 'Password changed';
    case 'ProfileUpdated':
      return `Profile updated: ${changedProfileFields(event.data.changes)}`;
    case 'EmailChanged':
      return `Email changed from ${event.data.previousEmail} to ${event.data.email}${
        event.data.emailVerified ? '' : ' (to be verified)'
      }`;
    case 'ProfessionalStatusChanged':
      return event.data.isProfessional ? 'Professional status granted' : 'Professional status withdrawn';
    case 'RoleChanged':
      return `Role changed from ${event.data.from} to ${event.data.to}${
        event.data.reason === 'email-verified' ? ' on email verification' : ''
      }`;
    case 'SessionsRevoked':
      return `Signed out everywhere ${revocationReasons[event.data.reason]}`;
    case 'SessionEnded':
      return `One session signed out ${revocationReasons[event.data.reason]} (the others go on)`;
    case 'UserDeleted':
      return 'Account deleted';
    case 'PersonalDataErased':
      return 'Personal data erased: the account key was destroyed';
  }
}

function changedProfileFields(changes: ProfileChanges): string {
  const names = Object.entries(changes)
    .filter(([, value]) => value !== undefined)
    .map(([field]) => profileFieldNames[field as keyof ProfileChanges]);
  return names.length > 0 ? names.join(', ') : 'nothing';
}
