import type { FieldChange } from './fieldChanges.js';

/*
 * What the audit API answers (snake_case, as the rest of the API). Plain interfaces: tsoa publishes
 * them, with these comments, in the OpenAPI document.
 */

export interface HistoryActor {
  id: string;
  role: string;
}

/** One recorded event of an account, with what it changed. Credentials never appear. */
export interface HistoryEntry {
  /** The event's revision in the account's stream, from 0. */
  revision: number;
  /** Its global position in the event log (a decimal string: it can exceed 2^53). */
  position: string;
  /** @format uuid */
  event_id: string;
  type: string;
  schema_version: number;
  /** When the command that caused it ran (the service's clock). @format date-time */
  occurred_at: string;
  /** When the event store committed it; covered by the hash chain. @format date-time */
  recorded_at: string;
  /** Who caused it; null for an anonymous caller (registration, sign-in, emailed links). */
  actor: HistoryActor | null;
  /** The id of the HTTP request that caused it (its X-Request-Id). */
  correlation_id: string;
  causation_id: string | null;
  /** Personal data: reads "[erased]" once the account's personal data is erased. */
  client_ip: string | null;
  /** Personal data: reads "[erased]" once the account's personal data is erased. */
  user_agent: string | null;
  /** The event in one sentence. */
  summary: string;
  /** Field-level difference of the account before and after the event. */
  changes: FieldChange[];
  /** The event's payload as recorded, without credentials (password and token hashes). */
  data: { [key: string]: unknown };
}

export interface HistoryPage {
  /** @format uuid */
  user_id: string;
  items: HistoryEntry[];
  /** Pass as `after_revision` for the next page; null on the last page. */
  next_after_revision: number | null;
  /** The next page with the same filters; null on the last page. */
  next: string | null;
}

/** An account as it was at an instant: the user response's fields, without links, plus its state. */
export interface AccountState {
  /** @format uuid */
  id: string;
  status: 'active' | 'deleted' | 'erased';
  email: string;
  nickname: string;
  first_name: string | null;
  last_name: string | null;
  bio: string | null;
  profile_picture_url: string | null;
  linkedin_profile_url: string | null;
  github_profile_url: string | null;
  role: 'ADMIN' | 'MANAGER' | 'AUTHENTICATED' | 'ANONYMOUS';
  is_professional: boolean;
  /** @format date-time */
  professional_status_updated_at: string | null;
  email_verified: boolean;
  is_locked: boolean;
  /** @format date-time */
  locked_until: string | null;
  failed_login_attempts: number;
  registered_via: 'self' | 'admin';
  /** @format date-time */
  created_at: string;
  /** @format date-time */
  updated_at: string;
  /** @format date-time */
  last_login_at: string | null;
  /** The instant this state is as of. @format date-time */
  as_of: string;
  /** Revision of the newest event folded in. */
  revision: number;
}

export interface BrokenLinkView {
  /** Revision of the first event whose link does not hold. */
  revision: number;
  /** Null when that event is missing altogether. */
  event_id: string | null;
  /**
   * hash-mismatch: the event (or the one before it) was altered; revision-gap: an event before it is
   * missing; missing-events: the stream's head is past its last stored event (its newest were removed).
   */
  reason: 'hash-mismatch' | 'revision-gap' | 'missing-events';
}

export interface ChainVerification {
  valid: boolean;
  /** How many events were checked. */
  events: number;
  /** Absent when the chain is intact. */
  first_broken_link?: BrokenLinkView;
}

/** Everything the service holds about an account, for its holder or an ADMIN. No credentials. */
export interface AccountExport {
  /** @format date-time */
  exported_at: string;
  account: AccountState;
  history: HistoryEntry[];
  integrity: ChainVerification;
}
