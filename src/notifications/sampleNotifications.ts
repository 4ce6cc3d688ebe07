import type { UserEvent } from '../domain/index.js';
import type { EmailNotification } from './emailNotification.js';
import { notificationFor } from './notificationFor.js';

const userId = '00000000-0000-4000-8000-000000000000';
const at = '2030-01-01T12:00:00.000Z';

const samples: UserEvent[] = [
  {
    type: 'EmailVerificationRequested',
    data: { userId, email: 'a@example.com', tokenHash: '', expiresAt: at },
  },
  { type: 'PasswordResetRequested', data: { userId, email: 'a@example.com', tokenHash: '', expiresAt: at } },
  { type: 'AccountLocked', data: { userId, failedAttempts: 5, lockedUntil: null } },
  { type: 'AccountLocked', data: { userId, failedAttempts: 5, lockedUntil: at } },
  { type: 'AccountUnlocked', data: { userId, reason: 'admin' } },
  { type: 'RoleChanged', data: { userId, from: 'AUTHENTICATED', to: 'MANAGER', reason: 'admin' } },
  { type: 'ProfessionalStatusChanged', data: { userId, isProfessional: true, changedAt: at } },
  { type: 'PasswordChanged', data: { userId, passwordHash: '' } },
  { type: 'SessionsRevoked', data: { userId, reason: 'refresh-token-reuse' } },
];

/**
 * One notification per template, made by the real mapping from sample events: rendering them all
 * proves that every template file exists and uses only placeholders the mapping fills.
 */
export function sampleNotifications(): EmailNotification[] {
  return samples.map((event, index) => {
    const context = { eventId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`, occurredAt: at };
    const result = notificationFor(event, context, { email: 'a@example.com', name: 'Ada' });
    if ('skipped' in result) throw new Error(`sample ${event.type} maps to no email: ${result.skipped}`);
    return result;
  });
}
