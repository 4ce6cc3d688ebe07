import type { UserCommandOf, UserCommandType } from '../commands.js';
import type { Actor } from '../values.js';
import type { Persona } from './fixtures.js';
import { minutesAfter, NOW, policy, resetToken, SESSION_ID, verificationToken } from './fixtures.js';

type Extra<K extends UserCommandType> = Omit<UserCommandOf<K>, 'type' | 'userId' | 'actor' | 'now'>;
type Overrides<K extends UserCommandType> = Partial<UserCommandOf<K>>;

/** Builds a command for `who`, acting as themselves unless overridden, at NOW. */
const build =
  <K extends UserCommandType>(type: K, defaults: (who: Persona) => Extra<K>, anonymous = false) =>
  (who: Persona, overrides: Overrides<K> = {}): UserCommandOf<K> =>
    ({
      type,
      userId: who.id,
      actor: anonymous ? null : ({ id: who.id, role: 'AUTHENTICATED' } satisfies Actor),
      now: NOW,
      ...defaults(who),
      ...overrides,
    }) as UserCommandOf<K>;

const newAccount = (who: Persona) => ({
  email: who.email,
  nickname: who.nickname,
  passwordHash: who.passwordHash,
  verification: verificationToken,
});

export const registerUser = build(
  'RegisterUser',
  (who) => ({ ...newAccount(who), isFirstUser: false }),
  true,
);
export const createUser = build('CreateUser', newAccount);
export const verifyEmail = build('VerifyEmail', () => ({ tokenHash: verificationToken.tokenHash }), true);
export const requestEmailVerification = build(
  'RequestEmailVerification',
  () => ({ verification: verificationToken }),
  true,
);
export const logIn = build('LogIn', () => ({ passwordMatches: true, policy }), true);
export const unlockAccount = build('UnlockAccount', () => ({}));
export const revokeSessions = build('RevokeSessions', () => ({}));
export const endSession = build('EndSession', () => ({
  sessionId: SESSION_ID,
  tokensExpireBy: minutesAfter(30),
}));
export const requestPasswordReset = build('RequestPasswordReset', () => ({ reset: resetToken }), true);
export const resetPassword = build(
  'ResetPassword',
  () => ({ tokenHash: resetToken.tokenHash, passwordHash: '$argon2id$new', newPasswordIsAccountName: false }),
  true,
);
export const changePassword = build('ChangePassword', () => ({
  currentPasswordMatches: true,
  passwordHash: '$argon2id$new',
  newPasswordIsAccountName: false,
}));
export const updateProfile = build('UpdateProfile', () => ({ changes: {} }));
export const changeEmail = build('ChangeEmail', () => ({
  email: 'new@example.com',
  verification: verificationToken,
}));
export const setProfessionalStatus = build('SetProfessionalStatus', () => ({ isProfessional: true }));
export const changeRole = build('ChangeRole', () => ({ newRole: 'MANAGER' as const }));
export const deleteUser = build('DeleteUser', () => ({}));
export const erasePersonalData = build('ErasePersonalData', () => ({}));
export const closeAccount = build('CloseAccount', () => ({ currentPasswordMatches: true }));
