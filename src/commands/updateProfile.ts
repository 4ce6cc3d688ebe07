import type { UpdateProfile } from '../domain/index.js';
import type { CommandDeps, CommandMeta, CommandResult } from './commandDeps.js';
import { executeUserCommand } from './executeUserCommand.js';

export const updateProfile =
  (deps: CommandDeps) =>
  (input: { userId: string; changes: UpdateProfile['changes'] }, meta: CommandMeta): Promise<CommandResult> =>
    executeUserCommand(deps)(
      {
        type: 'UpdateProfile',
        userId: input.userId,
        actor: meta.actor,
        now: deps.clock(),
        changes: input.changes,
      },
      meta,
    );
