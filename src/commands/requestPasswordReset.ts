import { DomainError } from '../domain/index.js';
import type { CommandDeps, CommandMeta } from './commandDeps.js';
import { executeUserCommand } from './executeUserCommand.js';
import { findUserIdByEmail } from './findUserByEmail.js';
import { newPendingToken } from './pendingToken.js';
import type { LinkRequest } from './requestEmailVerification.js';

/** A reset link for the account, or null (answered the same way by callers: no user enumeration). */
export const requestPasswordReset =
  (deps: CommandDeps) =>
  async (input: { email: string }, meta: CommandMeta): Promise<LinkRequest> => {
    const userId = await findUserIdByEmail(deps, input.email);
    if (!userId) return null;
    const now = deps.clock();
    const { token, pending } = newPendingToken(deps, 'reset-password', userId, now);
    try {
      const result = await executeUserCommand(deps)(
        { type: 'RequestPasswordReset', userId, actor: meta.actor, now, reset: pending },
        meta,
      );
      return result.changed ? { userId, token, position: result.position } : null;
    } catch (error) {
      if (error instanceof DomainError) return null;
      throw error;
    }
  };
