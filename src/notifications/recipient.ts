import type { User } from '../domain/index.js';
import { ERASED } from '../domain/index.js';

export type Recipient = { email: string; name: string };

/**
 * Who a mail about this account goes to, as the account was when the event happened: its address
 * and the name to greet (first name, else nickname). Null once the account is deleted or erased.
 */
export function recipientOf(state: User): Recipient | null {
  if (state.status !== 'active' || state.email === ERASED) return null;
  const firstName = state.firstName === ERASED ? null : state.firstName;
  return { email: state.email, name: firstName ?? state.nickname };
}
