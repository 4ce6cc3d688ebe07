import type { User } from '../domain/index.js';
import type { Scalar } from './accountFields.js';
import { accountFields, passwordOf } from './accountFields.js';

/**
 * One field that an event changed. A credential (the password) is reported with `redacted: true`
 * and neither value: that it changed is audit data, the hash is not.
 */
export type FieldChange = { field: string; from: Scalar; to: Scalar } | { field: string; redacted: true };

/** Field-level difference between the account before and after an event, in the order of accountFields. */
export function fieldChanges(before: User, after: User): FieldChange[] {
  const from = accountFields(before);
  const to = accountFields(after);
  const changes: FieldChange[] = [];
  for (const field of new Set([...Object.keys(to), ...Object.keys(from)])) {
    const previous = from[field] ?? null;
    const next = to[field] ?? null;
    if (previous !== next) changes.push({ field, from: previous, to: next });
  }
  if (passwordOf(before) !== passwordOf(after)) changes.push({ field: 'password', redacted: true });
  return changes;
}
