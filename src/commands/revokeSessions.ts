import type { CommandDeps, CommandMeta, CommandResult } from './commandDeps.js';
import { executeUserCommand } from './executeUserCommand.js';

export const revokeSessions =
  (deps: CommandDeps) =>
  (input: { userId: string; refreshTokenReused?: boolean }, meta: CommandMeta): Promise<CommandResult> =>
    executeUserCommand(deps)(
      {
        type: 'RevokeSessions',
        userId: input.userId,
        actor: meta.actor,
        now: deps.clock(),
        refreshTokenReused: input.refreshTokenReused,
      },
      meta,
    );
