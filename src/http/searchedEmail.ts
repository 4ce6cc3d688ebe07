import { ValidateError } from '@tsoa/runtime';
import { emailInput } from '../domain/index.js';

/** The address a staff search names, normalised as stored; a 422 naming the parameter when it is none. */
export function searchedEmail(email: string): string {
  const parsed = emailInput.safeParse(email);
  if (parsed.success) return parsed.data;
  throw new ValidateError({ email: { message: 'value is not a valid email address' } }, '');
}
