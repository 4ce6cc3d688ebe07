import type { CommandDeps, CommandMeta, CommandResult } from './commandDeps.js';
import { isCurrentPassword } from './currentPassword.js';
import { executeUserCommand } from './executeUserCommand.js';
import { assertAcceptablePassword, isAccountNameOf } from './passwordPolicy.js';
import { loadUser } from './userAggregate.js';

export const changePassword =
  (deps: CommandDeps) =>
  async (
    input: { userId: string; currentPassword: string; newPassword: string },
    meta: CommandMeta,
  ): Promise<CommandResult> => {
    assertAcceptablePassword('ChangePassword', input.newPassword, 'newPassword');
    const loaded = await loadUser(deps, input.userId);
    const { state } = loaded;
    const currentPasswordMatches = await isCurrentPassword(deps, state, input.currentPassword);
    return executeUserCommand(deps, { loaded })(
      {
        type: 'ChangePassword',
        userId: input.userId,
        actor: meta.actor,
        now: deps.clock(),
        currentPasswordMatches,
        passwordHash: await deps.passwords.hash(input.newPassword),
        newPasswordIsAccountName: isAccountNameOf(input.newPassword, state),
      },
      meta,
    );
  };
