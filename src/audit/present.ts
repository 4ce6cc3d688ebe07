import { withoutSecrets } from '../domain/index.js';
import type { RecordedEvent } from '../infrastructure/eventStore/eventStore.js';
import type { AccountTimeline, TimelineStep } from './accountTimeline.js';
import type { StreamChain } from './chainAudit.js';
import { fieldChanges } from './fieldChanges.js';
import { summary } from './summary.js';
import type { AccountState, ChainVerification, HistoryEntry } from './views.js';

/** One decoded event and the fold step it made, as the history shows it. */
export function historyEntry(recorded: RecordedEvent, { before, after, event }: TimelineStep): HistoryEntry {
  const { metadata } = recorded;
  return {
    revision: Number(recorded.revision),
    position: recorded.position.toString(),
    event_id: recorded.eventId,
    type: recorded.type,
    schema_version: metadata.schemaVersion,
    occurred_at: metadata.occurredAt,
    recorded_at: recorded.recordedAt.toISOString(),
    actor: metadata.actorId ? { id: metadata.actorId, role: metadata.actorRole ?? 'unknown' } : null,
    correlation_id: metadata.correlationId,
    causation_id: metadata.causationId ?? null,
    client_ip: metadata.clientIp ?? null,
    user_agent: metadata.userAgent ?? null,
    summary: event ? summary(event) : `Unrecognised ${recorded.type} event; the account state is unchanged`,
    changes: fieldChanges(before.state, after.state),
    data: withoutSecrets(recorded.type, recorded.data),
  };
}

/** Null while the account does not exist yet. */
export function accountState(timeline: AccountTimeline, asOf: Date): AccountState | null {
  const { state } = timeline;
  if (state.status === 'none') return null;
  return {
    id: state.id,
    status: state.status,
    email: state.email,
    nickname: state.nickname,
    first_name: state.firstName,
    last_name: state.lastName,
    bio: state.bio,
    profile_picture_url: state.profilePictureUrl,
    linkedin_profile_url: state.linkedinProfileUrl,
    github_profile_url: state.githubProfileUrl,
    role: state.role,
    is_professional: state.isProfessional,
    professional_status_updated_at: state.professionalStatusChangedAt,
    email_verified: state.emailVerified,
    is_locked: state.locked,
    locked_until: state.lockedUntil,
    failed_login_attempts: state.failedAttempts,
    registered_via: state.registeredVia,
    created_at: timeline.createdAt!,
    updated_at: timeline.updatedAt!,
    last_login_at: timeline.lastLoginAt,
    as_of: asOf.toISOString(),
    revision: Number(timeline.revision),
  };
}

export function chainVerification(chain: StreamChain): ChainVerification {
  const { broken } = chain;
  if (!broken) return { valid: true, events: chain.events };
  return {
    valid: false,
    events: chain.events,
    first_broken_link: { revision: Number(broken.revision), event_id: broken.eventId, reason: broken.reason },
  };
}
