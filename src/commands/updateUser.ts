import type { Role, UpdateProfile, UserCommand } from '../domain/index.js';
import { NothingToUpdateError } from '../domain/index.js';
import type { CommandDeps, CommandMeta } from './commandDeps.js';
import { executeUserCommand } from './executeUserCommand.js';
import { newPendingToken } from './pendingToken.js';
import type { Registration } from './registerUser.js';

export type UserChanges = {
  profile?: UpdateProfile['changes'];
  email?: string;
  /** Staff only; an email changed by staff may be marked verified. */
  markEmailVerified?: boolean;
  role?: Role;
};

/**
 * One request that changes profile, email and role is one decision: every part is checked first
 * and the events of all parts are appended together, so nothing is ever partly applied.
 */
export const updateUser =
  (deps: CommandDeps) =>
  async (input: { userId: string; changes: UserChanges }, meta: CommandMeta): Promise<Registration> => {
    const { userId, changes } = input;
    const now = deps.clock();
    const base = { userId, actor: meta.actor, now };
    const { token, pending } = newPendingToken(deps, 'verify-email', userId, now);
    const commands: UserCommand[] = [];
    if (changes.profile && Object.keys(changes.profile).length > 0) {
      commands.push({ type: 'UpdateProfile', ...base, changes: changes.profile });
    }
    if (changes.email !== undefined) {
      commands.push({
        type: 'ChangeEmail',
        ...base,
        email: changes.email,
        verification: pending,
        ...(changes.markEmailVerified === undefined ? {} : { markVerified: changes.markEmailVerified }),
      });
    }
    if (changes.role !== undefined) commands.push({ type: 'ChangeRole', ...base, newRole: changes.role });
    if (commands.length === 0) throw new NothingToUpdateError();
    const result = await executeUserCommand(deps)(commands, meta);
    const requested = result.events.some((event) => event.type === 'EmailVerificationRequested');
    return { ...result, verificationToken: requested ? token : null };
  };
