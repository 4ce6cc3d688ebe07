import type { CommandDeps, CommandMeta, CommandResult } from './commandDeps.js';
import { executeUserCommand } from './executeUserCommand.js';

export const setProfessionalStatus =
  (deps: CommandDeps) =>
  (input: { userId: string; isProfessional: boolean }, meta: CommandMeta): Promise<CommandResult> =>
    executeUserCommand(deps)(
      {
        type: 'SetProfessionalStatus',
        userId: input.userId,
        actor: meta.actor,
        now: deps.clock(),
        isProfessional: input.isProfessional,
      },
      meta,
    );
