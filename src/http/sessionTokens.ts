import { randomUUID } from 'node:crypto';
import type { CommandMeta, CommandResult } from '../commands/index.js';
import type { Role } from '../domain/index.js';
import { UserNotFoundError } from '../domain/index.js';
import type { RefreshSession, RefreshTokens } from '../infrastructure/sessions/refreshTokens.js';
import type { AccountStatus } from '../queries/colocatedReads.js';
import { HttpError } from './httpErrors.js';
import type { TokenResponse } from './requests.js';
import type { AccessTokens } from './tokens.js';

/** Whom tokens are issued to: the account, its role and its session generation at that moment. */
export type TokenHolder = { userId: string; role: Role; sessionGeneration: number };

/**
 * Whether tokens of `sessionGeneration` (and of session `sessionId`, when they name one) still hold for
 * the account: it exists, is not locked, has not been signed out everywhere (nor changed its password)
 * since they were issued, and that session has not been signed out on its own.
 */
export const sessionHolds = (
  account: AccountStatus | null,
  sessionGeneration: number,
  sessionId: string | undefined,
): account is AccountStatus =>
  account !== null &&
  !account.locked &&
  account.sessionGeneration === sessionGeneration &&
  (sessionId === undefined || !account.endedSessionIds.includes(sessionId));

/** The caller's own session, as its access token tells it (times in seconds since the epoch). */
export type CurrentSession = { id: string; issuedAt: number; expiresAt: number };

/** One session of the account, as its holder sees it listed. */
export interface SessionResponse {
  /** Names the session to sign it out (`DELETE /me/sessions/{session_id}`). */
  id: string;
  /** When it signed in; for a session that cannot be refreshed, when its access token was issued. */
  started_at: string;
  /** When its refresh token was last exchanged (or issued); null for a session without one. */
  last_refreshed_at: string | null;
  /** When it ends unless refreshed: its refresh token's expiry, or else its access token's. */
  expires_at: string;
  /** The session of the token that asked. */
  current: boolean;
}

export type SessionTokens = {
  /**
   * What a sign-in answers: an access token and, when the client asks for one (OAuth2's
   * `offline_access` scope), the first refresh token of a new session.
   */
  signIn(holder: TokenHolder, options: { refreshToken: boolean }): Promise<TokenResponse>;
  /** Exchanges a refresh token for a new access token and the refresh token's successor. */
  refresh(refreshToken: string, meta: CommandMeta): Promise<TokenResponse>;
  /** The account's sessions that stay signed in (with a refresh token), and the caller's own. */
  list(userId: string, current: CurrentSession | null): Promise<SessionResponse[]>;
  /**
   * Signs one of the account's sessions out, the others going on: its refresh tokens go, and its access
   * tokens stop working. Null when the account has no such session that could still be refreshed and
   * it is not the caller's own.
   */
  end(
    userId: string,
    sessionId: string,
    current: CurrentSession | null,
    meta: CommandMeta,
  ): Promise<CommandResult | null>;
};

export type SessionTokensDeps = {
  accessTokens: AccessTokens;
  accessTokenTtlMinutes: number;
  refreshTokens: RefreshTokens;
  accountStatus(userId: string): Promise<AccountStatus | null>;
  revokeSessions(
    input: { userId: string; refreshTokenReused: true },
    meta: CommandMeta,
  ): Promise<CommandResult>;
  endSession(
    input: { userId: string; sessionId: string; tokensExpireBy: Date },
    meta: CommandMeta,
  ): Promise<CommandResult>;
  clock: () => Date;
};

const refused = () => new HttpError(400, 'Invalid or expired refresh token');

/**
 * Refresh tokens rotate: each works once and hands out its successor. One shown again after it was
 * spent (beyond a short leeway for retried requests) means a copy is in other hands, so the account
 * is signed out everywhere, the thief's and the holder's sessions alike. A refresh token is also
 * bound to the account's session generation: signing out, a password change or reset end it.
 */
export function createSessionTokens(deps: SessionTokensDeps): SessionTokens {
  const accessOnly = (holder: TokenHolder, session: RefreshSession): TokenResponse => ({
    access_token: deps.accessTokens.issue(holder.userId, holder.role, holder.sessionGeneration, session.id),
    token_type: 'bearer',
    expires_in: deps.accessTokenTtlMinutes * 60,
  });
  const withRefreshToken = async (holder: TokenHolder, session: RefreshSession): Promise<TokenResponse> => ({
    ...accessOnly(holder, session),
    refresh_token: await deps.refreshTokens.issue(
      holder.userId,
      holder.sessionGeneration,
      deps.clock(),
      session,
    ),
  });

  return {
    // Every sign-in begins a session of its own, which its refreshes continue.
    signIn(holder, { refreshToken }) {
      const session = { id: randomUUID(), startedAt: deps.clock() };
      return refreshToken ? withRefreshToken(holder, session) : Promise.resolve(accessOnly(holder, session));
    },
    async refresh(refreshToken, meta) {
      const spent = await deps.refreshTokens.spend(refreshToken, deps.clock());
      if (spent.kind === 'reused') {
        await deps
          .revokeSessions({ userId: spent.userId, refreshTokenReused: true }, meta)
          .catch((error: unknown) => {
            // A deleted account has no sessions left to end.
            if (!(error instanceof UserNotFoundError)) throw error;
          });
        throw refused();
      }
      if (spent.kind === 'refused') throw refused();
      const account = await deps.accountStatus(spent.userId);
      if (!sessionHolds(account, spent.sessionGeneration, spent.session.id)) throw refused();
      return withRefreshToken(
        { userId: account.id, role: account.role, sessionGeneration: account.sessionGeneration },
        spent.session,
      );
    },
    async list(userId, current) {
      const account = await deps.accountStatus(userId);
      if (!account) return [];
      const refreshable = await deps.refreshTokens.sessions(userId, account.sessionGeneration, deps.clock());
      const listed: SessionResponse[] = refreshable.map((session) => ({
        id: session.id,
        started_at: session.startedAt.toISOString(),
        last_refreshed_at: session.lastRefreshedAt.toISOString(),
        expires_at: session.expiresAt.toISOString(),
        current: session.id === current?.id,
      }));
      if (current && !listed.some((session) => session.current)) {
        listed.push({
          id: current.id,
          started_at: new Date(current.issuedAt * 1000).toISOString(),
          last_refreshed_at: null,
          expires_at: new Date(current.expiresAt * 1000).toISOString(),
          current: true,
        });
      }
      return listed;
    },
    async end(userId, sessionId, current, meta) {
      const now = deps.clock();
      // Its refresh tokens go first: should the event fail to be recorded, the session can no longer
      // be refreshed, and its holder's retry records it.
      const couldRefresh = await deps.refreshTokens.end(userId, sessionId, now);
      if (!couldRefresh && sessionId !== current?.id) return null;
      const tokensExpireBy = new Date(now.getTime() + deps.accessTokenTtlMinutes * 60_000);
      return deps.endSession({ userId, sessionId, tokensExpireBy }, meta);
    },
  };
}
