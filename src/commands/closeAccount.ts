import type { CommandDeps, CommandMeta, CommandResult } from './commandDeps.js';
import { isCurrentPassword } from './currentPassword.js';
import { executeUserCommand } from './executeUserCommand.js';
import { loadUser } from './userAggregate.js';

/**
 * The holder closes their own account for good, with the current password: it is deleted and its
 * personal data erased (see erasePersonalData: the key is shredded after the events are stored, and
 * a crash between the two is healed by an ADMIN's erasure, which shreds again).
 */
export const closeAccount =
  (deps: CommandDeps) =>
  async (input: { userId: string; currentPassword: string }, meta: CommandMeta): Promise<CommandResult> => {
    const loaded = await loadUser(deps, input.userId);
    const currentPasswordMatches = await isCurrentPassword(deps, loaded.state, input.currentPassword);
    const result = await executeUserCommand(deps, { loaded })(
      {
        type: 'CloseAccount',
        userId: input.userId,
        actor: meta.actor,
        now: deps.clock(),
        currentPasswordMatches,
      },
      meta,
    );
    await deps.keys.destroy(input.userId);
    return result;
  };
