import type { UserEvent, UserEventOf, UserEventType } from '../domain/index.js';
import { ERASED } from '../domain/index.js';
import type { EmailNotification, Skip, TemplateName, TokenLink } from './emailNotification.js';
import type { Recipient } from './recipient.js';

/** The event types that can lead to an email; the subscriber looks nothing up for the others. */
export const notifiedEventTypes: readonly UserEventType[] = [
  'EmailVerificationRequested',
  'PasswordResetRequested',
  'AccountLocked',
  'AccountUnlocked',
  'RoleChanged',
  'ProfessionalStatusChanged',
  'PasswordChanged',
  'PasswordReset',
  'SessionsRevoked',
];

export type EventContext = { eventId: string; occurredAt: string };

/** Why the account was signed out, for the ones its holder did not cause. */
const signOutReasons: Partial<Record<UserEventOf<'SessionsRevoked'>['data']['reason'], string>> = {
  admin: 'an administrator ended its sessions',
  'refresh-token-reuse':
    'a sign-in token that had already been used was presented again, so a copy of it was in other hands',
};

/**
 * The email a stored event calls for, if any. `recipient` is the account as it was at the event
 * (recipientOf); an address carried by the event itself (a verification or reset request) wins.
 *
 * Deliberately silent: RoleChanged with reason 'email-verified' (the automatic raise the user
 * triggered by clicking the link a moment ago), AccountUnlocked 'expired' (recorded by the login
 * attempt that found the lock over) and 'password-reset' (the password-changed mail of the same
 * command covers it), ProfessionalStatusChanged to false, and SessionsRevoked but by staff or on a
 * reused refresh token (the holder signed out, or changed the password, a moment ago).
 */
export function notificationFor(
  event: UserEvent,
  context: EventContext,
  recipient: Recipient | null,
): EmailNotification | Skip {
  if (!recipient) return { skipped: 'the account is deleted or erased' };
  const mail = (
    template: TemplateName,
    values: Record<string, string> = {},
    options: { to?: string; link?: TokenLink } = {},
  ): EmailNotification | Skip => {
    const to = options.to ?? recipient.email;
    if (to === ERASED) return { skipped: 'the address is erased' };
    return {
      eventId: context.eventId,
      userId: event.data.userId,
      template,
      to,
      values: { name: recipient.name, ...values },
      ...(options.link ? { link: options.link } : {}),
    };
  };

  switch (event.type) {
    case 'EmailVerificationRequested':
    case 'PasswordResetRequested': {
      const { email, expiresAt } = event.data;
      const verification = event.type === 'EmailVerificationRequested';
      return mail(
        verification ? 'email-verification' : 'password-reset',
        { expiresAt: formatInstant(expiresAt) },
        { to: email, link: { purpose: verification ? 'verify-email' : 'reset-password', expiresAt } },
      );
    }
    case 'AccountLocked':
      return event.data.lockedUntil === null
        ? mail('account-locked')
        : mail('account-locked-until', { lockedUntil: formatInstant(event.data.lockedUntil) });
    case 'AccountUnlocked':
      return event.data.reason === 'admin'
        ? mail('account-unlocked')
        : { skipped: `unlocked (${event.data.reason}) without a mail of its own` };
    case 'RoleChanged':
      return event.data.reason === 'admin'
        ? mail('role-changed', { previousRole: event.data.from, newRole: event.data.to })
        : { skipped: 'automatic role change on email verification' };
    case 'ProfessionalStatusChanged':
      return event.data.isProfessional
        ? mail('professional-status-granted')
        : { skipped: 'professional status withdrawn' };
    case 'PasswordChanged':
    case 'PasswordReset':
      return mail('password-changed', { changedAt: formatInstant(context.occurredAt) });
    case 'SessionsRevoked': {
      const reason = signOutReasons[event.data.reason];
      return reason
        ? mail('signed-out', { signedOutAt: formatInstant(context.occurredAt), reason })
        : { skipped: `signed out (${event.data.reason}) without a mail of its own` };
    }
    default:
      return { skipped: `no email for ${event.type}` };
  }
}

/** "2030-01-01 12:00 UTC": unambiguous for every reader, whatever their time zone. */
export function formatInstant(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
