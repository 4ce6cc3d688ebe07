import { assertStaff } from '../authorization.js';
import type { CreateUser, RegisterUser, RequestEmailVerification, VerifyEmail } from '../commands.js';
import { validCommand } from '../commands.js';
import { constantTimeEqual } from '../../shared/constantTimeEqual.js';
import { ForbiddenError, InvalidTokenError, UserAlreadyExistsError, UserNotFoundError } from '../errors.js';
import type { UserEvent } from '../events.js';
import type { User } from '../state.js';
import { assertTokenValid, storedToken } from '../tokens.js';
import type { PendingTokenInput, Role } from '../values.js';

type NewAccount = RegisterUser | CreateUser;

function accountEvents(
  command: NewAccount,
  role: Role,
  emailVerified: boolean,
  registeredVia: 'self' | 'admin',
): UserEvent[] {
  const registered: UserEvent = {
    type: 'UserRegistered',
    data: {
      userId: command.userId,
      email: command.email,
      nickname: command.nickname,
      firstName: command.firstName ?? null,
      lastName: command.lastName ?? null,
      bio: command.bio ?? null,
      profilePictureUrl: command.profilePictureUrl ?? null,
      githubProfileUrl: command.githubProfileUrl ?? null,
      linkedinProfileUrl: command.linkedinProfileUrl ?? null,
      role,
      passwordHash: command.passwordHash,
      emailVerified,
      registeredVia,
    },
  };
  if (emailVerified) return [registered];
  return [registered, verificationRequested(command.userId, command.email, command.verification)];
}

export const verificationRequested = (
  userId: string,
  email: string,
  token: PendingTokenInput,
): UserEvent => ({
  type: 'EmailVerificationRequested',
  data: { userId, email, ...storedToken(token) },
});

/**
 * Self-registration. The very first user bootstraps the service as a verified ADMIN; everyone else starts
 * ANONYMOUS and unverified, with a verification link on its way.
 */
export function registerUser(input: RegisterUser, state: User): UserEvent[] {
  const command = validCommand(input);
  if (state.status !== 'none') throw new UserAlreadyExistsError(command.userId);
  return command.isFirstUser
    ? accountEvents(command, 'ADMIN', true, 'self')
    : accountEvents(command, 'ANONYMOUS', false, 'self');
}

/**
 * An account created by staff is AUTHENTICATED unless an ADMIN chooses another role; a MANAGER may not choose
 * one (which also keeps MANAGERs from creating ADMINs). Staff may vouch for the address with markVerified.
 */
export function createUser(input: CreateUser, state: User): UserEvent[] {
  const command = validCommand(input);
  assertStaff(command.actor, 'create accounts');
  if (command.role !== undefined && command.role !== 'AUTHENTICATED' && command.actor?.role !== 'ADMIN') {
    throw new ForbiddenError('only an ADMIN may choose the role of a new account');
  }
  if (state.status !== 'none') throw new UserAlreadyExistsError(command.userId);
  return accountEvents(command, command.role ?? 'AUTHENTICATED', command.markVerified ?? false, 'admin');
}

/**
 * The token is the proof, so anyone holding it may verify. Verifying raises ANONYMOUS to AUTHENTICATED and
 * never touches a role an admin gave. The link that verified the address, clicked again, is already done;
 * any other token is refused as before, so the answer tells nothing to whoever has only the account's id.
 */
export function verifyEmail(input: VerifyEmail, state: User): UserEvent[] {
  const command = validCommand(input);
  if (state.status !== 'active') throw new UserNotFoundError(command.userId);
  if (state.emailVerified) {
    const sameLink =
      state.verifiedWithTokenHash !== null &&
      constantTimeEqual(state.verifiedWithTokenHash, command.tokenHash);
    if (sameLink) return [];
    throw new InvalidTokenError('invalid');
  }
  assertTokenValid(state.pendingVerification, command.tokenHash, command.now);
  const verified: UserEvent = { type: 'EmailVerified', data: { userId: state.id } };
  if (state.role !== 'ANONYMOUS') return [verified];
  return [
    verified,
    {
      type: 'RoleChanged',
      data: { userId: state.id, from: 'ANONYMOUS', to: 'AUTHENTICATED', reason: 'email-verified' },
    },
  ];
}

/** Sends a fresh link; the new token replaces (and so voids) the previous one. */
export function requestEmailVerification(input: RequestEmailVerification, state: User): UserEvent[] {
  const command = validCommand(input);
  if (state.status !== 'active') throw new UserNotFoundError(command.userId);
  if (state.emailVerified) return [];
  return [verificationRequested(state.id, state.email, command.verification)];
}
