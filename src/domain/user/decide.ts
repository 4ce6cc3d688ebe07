import type { Decider } from '../shared/decider.js';
import type { UserCommand } from './commands.js';
import { logIn, unlockAccount } from './decide/authentication.js';
import { closeAccount, deleteUser, erasePersonalData } from './decide/lifecycle.js';
import { changePassword, requestPasswordReset, resetPassword } from './decide/passwords.js';
import { changeEmail, updateProfile } from './decide/profile.js';
import { createUser, registerUser, requestEmailVerification, verifyEmail } from './decide/registration.js';
import { changeRole, setProfessionalStatus } from './decide/roles.js';
import { endSession, revokeSessions } from './decide/sessions.js';
import type { UserEvent } from './events.js';
import type { User } from './state.js';
import { evolve, initialState } from './state.js';

export function decide(command: UserCommand, state: User): UserEvent[] {
  switch (command.type) {
    case 'RegisterUser':
      return registerUser(command, state);
    case 'CreateUser':
      return createUser(command, state);
    case 'VerifyEmail':
      return verifyEmail(command, state);
    case 'RequestEmailVerification':
      return requestEmailVerification(command, state);
    case 'LogIn':
      return logIn(command, state);
    case 'UnlockAccount':
      return unlockAccount(command, state);
    case 'RevokeSessions':
      return revokeSessions(command, state);
    case 'EndSession':
      return endSession(command, state);
    case 'RequestPasswordReset':
      return requestPasswordReset(command, state);
    case 'ResetPassword':
      return resetPassword(command, state);
    case 'ChangePassword':
      return changePassword(command, state);
    case 'UpdateProfile':
      return updateProfile(command, state);
    case 'ChangeEmail':
      return changeEmail(command, state);
    case 'SetProfessionalStatus':
      return setProfessionalStatus(command, state);
    case 'ChangeRole':
      return changeRole(command, state);
    case 'DeleteUser':
      return deleteUser(command, state);
    case 'ErasePersonalData':
      return erasePersonalData(command, state);
    case 'CloseAccount':
      return closeAccount(command, state);
  }
}

export const userDecider: Decider<UserCommand, User, UserEvent> = { decide, evolve, initialState };
