import type { Request } from 'express';
import type { Role } from '../domain/index.js';
import type { Services } from '../main.js';
import { invalidCredentials, notAuthenticated, operationNotPermitted } from './httpErrors.js';
import type { CurrentSession } from './sessionTokens.js';
import { sessionHolds } from './sessionTokens.js';

/** `session`: the caller's session, from its token (tokens of earlier releases name none). */
export type Principal = {
  id: string;
  role: Role;
  session?: CurrentSession;
};
/** A service reading the event feed with its read-only token: no account, no role. */
export type ServicePrincipal = { service: string };
export type AuthenticatedRequest = Request & { user: Principal };

/**
 * tsoa's hook for `@Security('jwt', roles)` and `@Security('feedToken')`. A route with both
 * accepts either; tsoa runs them together and answers with the error of the one that failed last.
 */
export async function expressAuthentication(request: Request, securityName: string, roles: string[] = []) {
  const services = request.app.locals.services as Services;
  if (securityName === 'jwt') return authenticateUser(services, bearerTokenOf(request), roles);
  if (securityName === 'feedToken') return authenticateService(services, bearerTokenOf(request));
  throw new Error(`unknown security scheme ${securityName}`);
}

const bearerTokenOf = (request: Request): string | null => {
  const header = request.headers.authorization;
  return (header ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined) ?? null;
};

/**
 * A valid signature is not enough: the account is looked up on every request, so a deleted,
 * locked or demoted user's old token stops working at once, as does every token issued before the
 * account was signed out everywhere or its password changed. `roles` empty means any signed-in user.
 */
async function authenticateUser(services: Services, token: string | null, roles: string[]) {
  if (!token) throw notAuthenticated();
  const claims = services.accessTokens.verify(token);
  if (!claims) throw invalidCredentials();
  const account = await services.accountStatus(claims.sub);
  if (!sessionHolds(account, claims.sgen ?? 0, claims.sid) || account.role !== claims.role)
    throw invalidCredentials();
  if (roles.length > 0 && !roles.includes(account.role)) throw operationNotPermitted();
  const principal: Principal = {
    id: account.id,
    role: account.role,
    ...(claims.sid !== undefined && {
      session: { id: claims.sid, issuedAt: claims.iat, expiresAt: claims.exp },
    }),
  };
  return principal;
}

/**
 * Synchronous on purpose: it then always fails before the account lookup of the `jwt` scheme
 * does, so a signed-in user's answer (a MANAGER's 403) stays the one reported. Its own failures
 * are the ones `jwt` gives for the same header, so no token and a bad token answer as before.
 */
function authenticateService(services: Services, token: string | null): ServicePrincipal {
  if (!token) throw notAuthenticated();
  const service = services.feedTokens.serviceOf(token);
  if (!service) throw invalidCredentials();
  return { service };
}
