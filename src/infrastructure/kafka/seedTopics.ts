import type { EventEnvelope } from '../../eventFeed/index.js';

/** The seed's topics, kept for consumers written against it (KAFKA_SEED_TOPICS=true). */
export const seedTopics = {
  emailNotifications: 'user-email-notifications',
  accountEvents: 'user-account-events',
  roleChanges: 'user-role-changes',
  verificationEvents: 'user-verification-events',
} as const;

type SeedTopic = keyof typeof seedTopics;

/** The seed's message shape: a category, and the detail under `payload`. */
export type SeedMessage = {
  event_type: string;
  payload: { subtype: string; user_data: Record<string, unknown> };
};

const eventTypeOf: Record<SeedTopic, string> = {
  emailNotifications: 'email_notification',
  accountEvents: 'account_event',
  roleChanges: 'role_change',
  verificationEvents: 'verification_event',
};

type Route = [topic: SeedTopic, subtype: string];
type Data = EventEnvelope['data'];

/**
 * Where each event goes, and as what. The email topic announces the mails the service itself sends
 * (the same rules as src/notifications/notificationFor.ts); it carries no link, since the service
 * never stores the token in clear.
 */
const routes: Record<string, (data: Data) => Route[]> = {
  UserRegistered: () => [['accountEvents', 'user_registered']],
  EmailVerificationRequested: () => [
    ['verificationEvents', 'verification_requested'],
    ['emailNotifications', 'email_verification'],
  ],
  EmailVerified: () => [['verificationEvents', 'email_verified']],
  LoginSucceeded: () => [['accountEvents', 'login_succeeded']],
  LoginFailed: () => [['accountEvents', 'login_failed']],
  AccountLocked: () => [
    ['accountEvents', 'account_locked'],
    ['emailNotifications', 'account_locked'],
  ],
  AccountUnlocked: (data) => [
    ['accountEvents', 'account_unlocked'],
    ...(data['reason'] === 'admin' ? [['emailNotifications', 'account_unlocked'] as Route] : []),
  ],
  PasswordResetRequested: () => [
    ['accountEvents', 'password_reset_requested'],
    ['emailNotifications', 'password_reset'],
  ],
  PasswordReset: () => [
    ['accountEvents', 'password_reset'],
    ['emailNotifications', 'password_changed'],
  ],
  PasswordChanged: () => [
    ['accountEvents', 'password_changed'],
    ['emailNotifications', 'password_changed'],
  ],
  ProfileUpdated: () => [['accountEvents', 'profile_updated']],
  EmailChanged: () => [['accountEvents', 'email_changed']],
  ProfessionalStatusChanged: (data) => [
    ['accountEvents', 'professional_status_changed'],
    ...(data['isProfessional'] === true
      ? [['emailNotifications', 'professional_status_upgraded'] as Route]
      : []),
  ],
  RoleChanged: (data) => [
    ['roleChanges', 'role_changed'],
    ...(data['reason'] === 'admin' ? [['emailNotifications', 'role_changed'] as Route] : []),
  ],
  SessionsRevoked: (data) => [
    ['accountEvents', 'sessions_revoked'],
    ...(data['reason'] === 'admin' || data['reason'] === 'refresh-token-reuse'
      ? [['emailNotifications', 'signed_out'] as Route]
      : []),
  ],
  SessionEnded: () => [['accountEvents', 'session_ended']],
  UserDeleted: () => [['accountEvents', 'user_deleted']],
  PersonalDataErased: () => [['accountEvents', 'personal_data_erased']],
};

/**
 * The legacy messages for one envelope (already without credentials). `user_data` is the payload in
 * the seed's snake_case, profile changes flattened into it, plus when it happened.
 */
export function seedMessagesFor(envelope: EventEnvelope): { topic: string; message: SeedMessage }[] {
  const route = routes[envelope.type];
  if (!route) return [];
  const user_data = { ...snakeCased(flattenChanges(envelope.data)), occurred_at: envelope.occurredAt };
  return route(envelope.data).map(([topic, subtype]) => ({
    topic: seedTopics[topic],
    message: { event_type: eventTypeOf[topic], payload: { subtype, user_data } },
  }));
}

function flattenChanges(data: Data): Data {
  const { changes, ...rest } = data;
  return typeof changes === 'object' && changes !== null ? { ...rest, ...changes } : data;
}

function snakeCased(data: Data): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(data).map(([key, value]) => [key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), value]),
  );
}
