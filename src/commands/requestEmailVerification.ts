import { DomainError } from '../domain/index.js';
import type { CommandDeps, CommandMeta } from './commandDeps.js';
import { executeUserCommand } from './executeUserCommand.js';
import { findUserIdByEmail } from './findUserByEmail.js';
import { newPendingToken } from './pendingToken.js';

export type LinkRequest = { userId: string; token: string; position: bigint } | null;

/**
 * A fresh verification link replacing the old one. Answers null, without telling why, when there
 * is no such unverified account: callers must answer the same either way (no user enumeration).
 */
export const requestEmailVerification =
  (deps: CommandDeps) =>
  async (input: { email: string }, meta: CommandMeta): Promise<LinkRequest> => {
    const userId = await findUserIdByEmail(deps, input.email);
    if (!userId) return null;
    const now = deps.clock();
    const { token, pending } = newPendingToken(deps, 'verify-email', userId, now);
    try {
      const result = await executeUserCommand(deps)(
        { type: 'RequestEmailVerification', userId, actor: meta.actor, now, verification: pending },
        meta,
      );
      return result.changed ? { userId, token, position: result.position } : null;
    } catch (error) {
      if (error instanceof DomainError) return null;
      throw error;
    }
  };
