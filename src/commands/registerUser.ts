import { NicknameTakenError } from '../domain/index.js';
import type { CommandDeps, CommandMeta, CommandResult } from './commandDeps.js';
import { deterministicUuid } from './deterministicId.js';
import { executeUserCommand } from './executeUserCommand.js';
import { nicknameFrom } from './nicknames.js';
import { assertAcceptablePassword, assertNotAccountName } from './passwordPolicy.js';
import { newPendingToken } from './pendingToken.js';

export type NewAccountProfile = {
  firstName?: string | null;
  lastName?: string | null;
  bio?: string | null;
  profilePictureUrl?: string | null;
  githubProfileUrl?: string | null;
  linkedinProfileUrl?: string | null;
};

export type RegisterUserInput = NewAccountProfile & { email: string; password: string };

export type Registration = CommandResult & {
  /** For the verification mail only; null when the account starts verified (the first ADMIN). */
  verificationToken: string | null;
};

const NICKNAME_ATTEMPTS = 3;

/** Self-registration. The very first account becomes a verified ADMIN (decided against the admin roster). */
export const registerUser =
  (deps: CommandDeps) =>
  async (input: RegisterUserInput, meta: CommandMeta): Promise<Registration> => {
    assertAcceptablePassword('RegisterUser', input.password);
    assertNotAccountName('RegisterUser', input.password, input);
    const { password, ...profile } = input;
    const userId = meta.commandId ? deterministicUuid('register', meta.commandId) : deps.newId();
    const passwordHash = await deps.passwords.hash(password);
    const execute = executeUserCommand(deps);
    for (let attempt = 1; ; attempt += 1) {
      const now = deps.clock();
      const { token, pending } = newPendingToken(deps, 'verify-email', userId, now);
      try {
        const result = await execute(
          {
            type: 'RegisterUser',
            userId,
            actor: meta.actor,
            now,
            ...profile,
            nickname: nicknameFrom(deps.newId()),
            passwordHash,
            verification: pending,
            isFirstUser: false,
          },
          meta,
        );
        const requested = result.events.some((event) => event.type === 'EmailVerificationRequested');
        return { ...result, verificationToken: requested ? token : null };
      } catch (error) {
        // A generated nickname that happens to be taken is our problem, not the client's.
        if (!(error instanceof NicknameTakenError) || attempt >= NICKNAME_ATTEMPTS) throw error;
      }
    }
  };
