import { hashToken } from '../infrastructure/crypto/tokens.js';
import type { CommandDeps, CommandMeta, CommandResult } from './commandDeps.js';
import { executeUserCommand } from './executeUserCommand.js';
import { assertAcceptablePassword, isAccountNameOf } from './passwordPolicy.js';
import { loadUser } from './userAggregate.js';

/** Confirms a reset with the emailed token; also unlocks a locked account. */
export const resetPassword =
  (deps: CommandDeps) =>
  async (
    input: { userId: string; token: string; newPassword: string },
    meta: CommandMeta,
  ): Promise<CommandResult> => {
    assertAcceptablePassword('ResetPassword', input.newPassword, 'newPassword');
    const loaded = await loadUser(deps, input.userId);
    return executeUserCommand(deps, { loaded })(
      {
        type: 'ResetPassword',
        userId: input.userId,
        actor: meta.actor,
        now: deps.clock(),
        tokenHash: hashToken(input.token),
        passwordHash: await deps.passwords.hash(input.newPassword),
        // The decider refuses it only once the token has proved the caller holds the mailbox.
        newPasswordIsAccountName: isAccountNameOf(input.newPassword, loaded.state),
      },
      meta,
    );
  };
