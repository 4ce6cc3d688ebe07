import type { Role } from '../domain/index.js';
import type { CommandDeps, CommandMeta } from './commandDeps.js';
import { deterministicUuid } from './deterministicId.js';
import { executeUserCommand } from './executeUserCommand.js';
import { nicknameFrom } from './nicknames.js';
import { assertAcceptablePassword, assertNotAccountName } from './passwordPolicy.js';
import { newPendingToken } from './pendingToken.js';
import type { NewAccountProfile, Registration } from './registerUser.js';

export type CreateUserInput = NewAccountProfile & {
  email: string;
  password: string;
  nickname?: string;
  role?: Role;
  markVerified?: boolean;
};

/** An ADMIN or MANAGER creates an account; only an ADMIN may choose its role (a domain rule). */
export const createUser =
  (deps: CommandDeps) =>
  async (input: CreateUserInput, meta: CommandMeta): Promise<Registration> => {
    assertAcceptablePassword('CreateUser', input.password);
    assertNotAccountName('CreateUser', input.password, input);
    const { password, nickname, ...rest } = input;
    const userId = meta.commandId ? deterministicUuid('create', meta.commandId) : deps.newId();
    const now = deps.clock();
    const { token, pending } = newPendingToken(deps, 'verify-email', userId, now);
    const result = await executeUserCommand(deps)(
      {
        type: 'CreateUser',
        userId,
        actor: meta.actor,
        now,
        ...rest,
        nickname: nickname ?? nicknameFrom(deps.newId()),
        passwordHash: await deps.passwords.hash(password),
        verification: pending,
      },
      meta,
    );
    const requested = result.events.some((event) => event.type === 'EmailVerificationRequested');
    return { ...result, verificationToken: requested ? token : null };
  };
