import { hashToken } from '../infrastructure/crypto/tokens.js';
import type { CommandDeps, CommandMeta, CommandResult } from './commandDeps.js';
import { executeUserCommand } from './executeUserCommand.js';
import { assertAcceptablePassword } from './passwordPolicy.js';

/** Confirms a reset with the emailed token; also unlocks a locked account. */
export const resetPassword =
  (deps: CommandDeps) =>
  async (
    input: { userId: string; token: string; newPassword: string },
    meta: CommandMeta,
  ): Promise<CommandResult> => {
    assertAcceptablePassword('ResetPassword', input.newPassword, 'newPassword');
    return executeUserCommand(deps)(
      {
        type: 'ResetPassword',
        userId: input.userId,
        actor: meta.actor,
        now: deps.clock(),
        tokenHash: hashToken(input.token),
        passwordHash: await deps.passwords.hash(input.newPassword),
      },
      meta,
    );
  };
