import type { CommandMeta, CommandResult } from '../commands/index.js';
import type { Role } from '../domain/index.js';
import { UserNotFoundError } from '../domain/index.js';
import type { RefreshTokens } from '../infrastructure/sessions/refreshTokens.js';
import type { AccountStatus } from '../queries/colocatedReads.js';
import { HttpError } from './httpErrors.js';
import type { TokenResponse } from './requests.js';
import type { AccessTokens } from './tokens.js';

/** Whom tokens are issued to: the account, its role and its session generation at that moment. */
export type TokenHolder = { userId: string; role: Role; sessionGeneration: number };

/**
 * Whether tokens of `sessionGeneration` still hold for the account: it exists, is not locked, and has
 * not been signed out everywhere (nor changed its password) since they were issued.
 */
export const sessionHolds = (
  account: AccountStatus | null,
  sessionGeneration: number,
): account is AccountStatus =>
  account !== null && !account.locked && account.sessionGeneration === sessionGeneration;

export type SessionTokens = {
  /**
   * What a sign-in answers: an access token and, when the client asks for one (OAuth2's
   * `offline_access` scope), the first refresh token of a new session.
   */
  signIn(holder: TokenHolder, options: { refreshToken: boolean }): Promise<TokenResponse>;
  /** Exchanges a refresh token for a new access token and the refresh token's successor. */
  refresh(refreshToken: string, meta: CommandMeta): Promise<TokenResponse>;
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
  const accessOnly = (holder: TokenHolder): TokenResponse => ({
    access_token: deps.accessTokens.issue(holder.userId, holder.role, holder.sessionGeneration),
    token_type: 'bearer',
    expires_in: deps.accessTokenTtlMinutes * 60,
  });
  const withRefreshToken = async (holder: TokenHolder, familyId?: string): Promise<TokenResponse> => ({
    ...accessOnly(holder),
    refresh_token: await deps.refreshTokens.issue(
      holder.userId,
      holder.sessionGeneration,
      deps.clock(),
      familyId,
    ),
  });

  return {
    signIn: (holder, { refreshToken }) =>
      refreshToken ? withRefreshToken(holder) : Promise.resolve(accessOnly(holder)),
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
      if (!sessionHolds(account, spent.sessionGeneration)) throw refused();
      return withRefreshToken(
        { userId: account.id, role: account.role, sessionGeneration: account.sessionGeneration },
        spent.familyId,
      );
    },
  };
}
