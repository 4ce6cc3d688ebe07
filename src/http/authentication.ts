import type { Request } from 'express';
import type { Role } from '../domain/index.js';
import type { Services } from '../main.js';
import { invalidCredentials, notAuthenticated, operationNotPermitted } from './httpErrors.js';

export type Principal = { id: string; role: Role };
export type AuthenticatedRequest = Request & { user: Principal };

/**
 * tsoa's hook for `@Security('jwt', roles)`. A valid signature is not enough: the account is
 * looked up on every request, so a deleted, locked or demoted user's old token stops working at
 * once. `roles` empty means any signed-in user.
 */
export async function expressAuthentication(request: Request, securityName: string, roles: string[] = []) {
  if (securityName !== 'jwt') throw new Error(`unknown security scheme ${securityName}`);
  const services = request.app.locals.services as Services;
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!match) throw notAuthenticated();
  const claims = services.accessTokens.verify(match[1]!);
  if (!claims) throw invalidCredentials();
  const account = await services.accountStatus(claims.sub);
  if (!account || account.locked || account.role !== claims.role) throw invalidCredentials();
  if (roles.length > 0 && !roles.includes(account.role)) throw operationNotPermitted();
  const principal: Principal = { id: account.id, role: account.role };
  return principal;
}
