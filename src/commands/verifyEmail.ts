import { hashToken } from '../infrastructure/crypto/tokens.js';
import type { CommandDeps, CommandMeta, CommandResult } from './commandDeps.js';
import { executeUserCommand } from './executeUserCommand.js';

export const verifyEmail =
  (deps: CommandDeps) =>
  (input: { userId: string; token: string }, meta: CommandMeta): Promise<CommandResult> =>
    executeUserCommand(deps)(
      {
        type: 'VerifyEmail',
        userId: input.userId,
        actor: meta.actor,
        now: deps.clock(),
        tokenHash: hashToken(input.token),
      },
      meta,
    );
