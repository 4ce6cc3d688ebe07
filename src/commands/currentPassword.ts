import type { User } from '../domain/index.js';
import type { CommandDeps } from './commandDeps.js';

/** Whether `password` is the active account's current one: one password verification. */
export const isCurrentPassword = async (deps: CommandDeps, state: User, password: string) =>
  state.status === 'active' && (await deps.passwords.verify(password, state.passwordHash));
