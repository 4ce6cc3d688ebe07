import type { Role } from '../domain/index.js';
import type { CommandDeps, CommandMeta, CommandResult } from './commandDeps.js';
import { executeUserCommand } from './executeUserCommand.js';

export const changeRole =
  (deps: CommandDeps) =>
  (input: { userId: string; newRole: Role }, meta: CommandMeta): Promise<CommandResult> =>
    executeUserCommand(deps)(
      {
        type: 'ChangeRole',
        userId: input.userId,
        actor: meta.actor,
        now: deps.clock(),
        newRole: input.newRole,
      },
      meta,
    );
