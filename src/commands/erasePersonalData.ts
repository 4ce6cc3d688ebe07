import type { CommandDeps, CommandMeta, CommandResult } from './commandDeps.js';
import { executeUserCommand } from './executeUserCommand.js';

/**
 * Right to be forgotten: records the erasure, then shreds the user's data key. From then on every
 * personal field of every past event reads as ERASED. A crash between the two steps is healed by
 * repeating the command: the event is already there (no-op) and the key is shredded again.
 */
export const erasePersonalData =
  (deps: CommandDeps) =>
  async (input: { userId: string }, meta: CommandMeta): Promise<CommandResult> => {
    const result = await executeUserCommand(deps)(
      { type: 'ErasePersonalData', userId: input.userId, actor: meta.actor, now: deps.clock() },
      meta,
    );
    await deps.keys.destroy(input.userId);
    return result;
  };
