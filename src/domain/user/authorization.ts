import { ForbiddenError } from './errors.js';
import type { Account } from './state.js';
import type { Actor } from './values.js';

// Domain rules about who may act on whom. Whether a request is authenticated at all is the HTTP layer's job;
// here a null actor simply fails every check that needs one.

const isStaff = (actor: Actor) => actor?.role === 'ADMIN' || actor?.role === 'MANAGER';
const isSelf = (actor: Actor, target: Account) => actor !== null && actor.id === target.id;

/** ADMIN or MANAGER; an ADMIN account is managed by ADMINs only. */
export function assertStaffOver(actor: Actor, target: Account, what: string): void {
  if (!isStaff(actor)) throw new ForbiddenError(`only an ADMIN or a MANAGER may ${what}`);
  if (target.role === 'ADMIN' && actor?.role !== 'ADMIN') {
    throw new ForbiddenError(`only an ADMIN may ${what} of an ADMIN`);
  }
}

/** The account holder, or staff as in assertStaffOver. */
export function assertSelfOrStaffOver(actor: Actor, target: Account, what: string): void {
  if (!isSelf(actor, target)) assertStaffOver(actor, target, what);
}

export function assertAdmin(actor: Actor, what: string): void {
  if (actor?.role !== 'ADMIN') throw new ForbiddenError(`only an ADMIN may ${what}`);
}

export function assertSelfOrAdmin(actor: Actor, target: Account, what: string): void {
  if (!isSelf(actor, target)) assertAdmin(actor, what);
}

export function assertSelf(actor: Actor, target: Account, what: string): void {
  if (!isSelf(actor, target)) throw new ForbiddenError(`only the account holder may ${what}`);
}

export function assertStaff(actor: Actor, what: string): void {
  if (!isStaff(actor)) throw new ForbiddenError(`only an ADMIN or a MANAGER may ${what}`);
}
