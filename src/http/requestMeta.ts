import type { Request } from 'express';
import type { CommandMeta } from '../commands/index.js';
import type { Principal, ServicePrincipal } from './authentication.js';

/** Who asked and from where, for the metadata of every event the request causes. */
export function metaOf(request: Request): CommandMeta {
  const principal = (request as Request & { user?: Principal }).user;
  const idempotencyKey = request.header('Idempotency-Key');
  const userAgent = request.header('User-Agent');
  return {
    actor: principal ? { id: principal.id, role: principal.role } : null,
    correlationId: String(request.res?.getHeader('X-Request-Id') ?? ''),
    ...(idempotencyKey ? { commandId: idempotencyKey.slice(0, 200) } : {}),
    ...(request.ip ? { clientIp: request.ip } : {}),
    ...(userAgent ? { userAgent: userAgent.slice(0, 500) } : {}),
  };
}

export const principalOf = (request: Request): Principal => (request as Request & { user: Principal }).user;

/** On the event feed's routes, which also admit a service token (`@Security('feedToken')`). */
export const feedReaderOf = (request: Request): Principal | ServicePrincipal =>
  (request as Request & { user: Principal | ServicePrincipal }).user;
