import { InvalidCommandError } from '../domain/index.js';

/** 8–128 characters: long enough to matter, short enough that hashing cannot be used to exhaust the CPU. */
export function assertAcceptablePassword(commandType: string, password: string, path = 'password'): void {
  const length = [...password].length;
  if (length < 8)
    throw new InvalidCommandError(commandType, [{ path, message: 'must be at least 8 characters' }]);
  if (length > 128)
    throw new InvalidCommandError(commandType, [{ path, message: 'must be at most 128 characters' }]);
}
