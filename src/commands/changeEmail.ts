import type { CommandDeps, CommandMeta } from './commandDeps.js';
import { executeUserCommand } from './executeUserCommand.js';
import { newPendingToken } from './pendingToken.js';
import type { Registration } from './registerUser.js';

/** A new address must be verified again unless an admin marks it verified. */
export const changeEmail =
  (deps: CommandDeps) =>
  async (
    input: { userId: string; email: string; markVerified?: boolean },
    meta: CommandMeta,
  ): Promise<Registration> => {
    const now = deps.clock();
    const { token, pending } = newPendingToken(deps, 'verify-email', input.userId, now);
    const result = await executeUserCommand(deps)(
      {
        type: 'ChangeEmail',
        userId: input.userId,
        actor: meta.actor,
        now,
        email: input.email,
        verification: pending,
        ...(input.markVerified === undefined ? {} : { markVerified: input.markVerified }),
      },
      meta,
    );
    const requested = result.events.some((event) => event.type === 'EmailVerificationRequested');
    return { ...result, verificationToken: requested ? token : null };
  };
