import type { CommandDeps, CommandMeta, CommandResult } from './commandDeps.js';
import { executeUserCommand } from './executeUserCommand.js';

export const endSession =
  (deps: CommandDeps) =>
  (
    input: { userId: string; sessionId: string; tokensExpireBy: Date },
    meta: CommandMeta,
  ): Promise<CommandResult> =>
    executeUserCommand(deps)({ type: 'EndSession', ...input, actor: meta.actor, now: deps.clock() }, meta);
