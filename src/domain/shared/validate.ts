import type { z } from 'zod';
import { InvalidCommandError } from './errors.js';

/** Parses a command with its schema, turning zod issues into an InvalidCommandError. */
export function validate<T>(schema: z.ZodType<T>, command: T & { type: string }): T {
  const result = schema.safeParse(command);
  if (result.success) return result.data;
  throw new InvalidCommandError(
    command.type,
    result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  );
}
