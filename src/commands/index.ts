import type { CommandDeps } from './commandDeps.js';
import { changeEmail } from './changeEmail.js';
import { changePassword } from './changePassword.js';
import { changeRole } from './changeRole.js';
import { closeAccount } from './closeAccount.js';
import { createUser } from './createUser.js';
import { deleteUser } from './deleteUser.js';
import { endSession } from './endSession.js';
import { erasePersonalData } from './erasePersonalData.js';
import { logIn } from './logIn.js';
import { registerUser } from './registerUser.js';
import { requestEmailVerification } from './requestEmailVerification.js';
import { requestPasswordReset } from './requestPasswordReset.js';
import { resetPassword } from './resetPassword.js';
import { revokeSessions } from './revokeSessions.js';
import { setProfessionalStatus } from './setProfessionalStatus.js';
import { unlockAccount } from './unlockAccount.js';
import { updateProfile } from './updateProfile.js';
import { updateUser } from './updateUser.js';
import { verifyEmail } from './verifyEmail.js';

export type { CommandDeps, CommandMeta, CommandResult } from './commandDeps.js';
export { StaleRevisionError } from './staleRevisionError.js';
export type { UserChanges } from './updateUser.js';

export function buildCommands(deps: CommandDeps) {
  // Verified against when the email is unknown, so both paths cost one argon2 verification.
  const dummyPasswordHash = deps.passwords.hash('not-a-real-password');
  return fetchingEachKeyOnce(deps, {
    registerUser: registerUser(deps),
    createUser: createUser(deps),
    verifyEmail: verifyEmail(deps),
    requestEmailVerification: requestEmailVerification(deps),
    logIn: logIn(deps, dummyPasswordHash),
    unlockAccount: unlockAccount(deps),
    revokeSessions: revokeSessions(deps),
    endSession: endSession(deps),
    requestPasswordReset: requestPasswordReset(deps),
    resetPassword: resetPassword(deps),
    changePassword: changePassword(deps),
    updateProfile: updateProfile(deps),
    updateUser: updateUser(deps),
    changeEmail: changeEmail(deps),
    setProfessionalStatus: setProfessionalStatus(deps),
    changeRole: changeRole(deps),
    deleteUser: deleteUser(deps),
    erasePersonalData: erasePersonalData(deps),
    closeAccount: closeAccount(deps),
  });
}

/** Each command runs remembering the data keys it uses (see DataKeyStore.remembering). */
function fetchingEachKeyOnce<T extends Record<string, (...args: never[]) => Promise<unknown>>>(
  deps: CommandDeps,
  commands: T,
): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, command] of Object.entries(commands)) {
    wrapped[name] = (...args: Parameters<typeof command>) => deps.keys.remembering(() => command(...args));
  }
  return wrapped as T;
}

export type Commands = ReturnType<typeof buildCommands>;
