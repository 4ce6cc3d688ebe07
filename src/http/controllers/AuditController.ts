import type { Request as ExpressRequest } from 'express';
import {
  Controller,
  Get,
  Path,
  Query,
  Request,
  Response,
  Route,
  Security,
  Tags,
  ValidateError,
} from '@tsoa/runtime';
import type { AccountExport, AccountState, ChainVerification, HistoryPage } from '../../audit/index.js';
import { parseInstant } from '../../audit/index.js';
import { isUserEventType } from '../../domain/index.js';
import type { Services } from '../../main.js';
import type { ErrorResponse, ValidationErrorResponse } from '../errorResponses.js';
import { HttpError, operationNotPermitted } from '../httpErrors.js';
import { principalOf } from '../requestMeta.js';
import type { UUID } from '../uuid.js';

const userNotFound = () => new HttpError(404, 'User not found');

/**
 * The audit trail, read from the event store itself: every change to an account, who made it, when
 * and from where; the account as it was at any instant; and proof that the history is untampered.
 */
@Route('')
@Tags('Audit')
@Response<ErrorResponse>(401, 'Not authenticated, or the token no longer holds (WWW-Authenticate: Bearer)')
@Response<ErrorResponse>(403, 'Operation not permitted')
@Response<ErrorResponse>(404, 'User not found')
@Response<ValidationErrorResponse>(422, 'Invalid parameters: every one is listed')
export class AuditController extends Controller {
  constructor(private readonly services: Services) {
    super();
  }

  /**
   * An account's events in order, each with its actor, request, client, a one-line summary and
   * the fields it changed. Credentials never appear; personal data reads "[erased]" after erasure.
   * Times filter on when the store recorded the event.
   * @param type Only these event types, comma-separated (e.g. `ProfileUpdated,RoleChanged`).
   * @param from Only events recorded at or after this RFC 3339 instant.
   * @param to Only events recorded at or before this RFC 3339 instant.
   * @param after_revision Continue after this revision (a page's `next_after_revision`).
   * @isInt after_revision
   * @minimum after_revision 0
   * @maximum after_revision 9007199254740991
   * @param limit Page size, 1 to 500.
   * @isInt limit
   * @minimum limit 1
   * @maximum limit 500
   */
  @Get('users/{user_id}/history')
  @Security('jwt', ['ADMIN', 'MANAGER'])
  public async history(
    @Path() user_id: UUID,
    @Query() type?: string,
    @Query() from?: string,
    @Query() to?: string,
    @Query() after_revision?: number,
    @Query() limit = 50,
  ): Promise<HistoryPage> {
    const range = { from: instantParam('from', from), to: instantParam('to', to) };
    if (range.from && range.to && range.from > range.to) invalid('from', from, 'from must not be after to');
    const types = typesParam(type);
    const result = await this.services.audit.history(user_id, {
      ...(types ? { types } : {}),
      ...(range.from ? { from: range.from } : {}),
      ...(range.to ? { to: range.to } : {}),
      ...(after_revision === undefined ? {} : { afterRevision: BigInt(after_revision) }),
      limit,
    });
    if (!result) throw userNotFound();
    const next = result.nextAfterRevision;
    const query = (after: bigint) =>
      new URLSearchParams({
        ...(type ? { type } : {}),
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
        after_revision: after.toString(),
        limit: String(limit),
      });
    return {
      user_id: user_id.toLowerCase(),
      items: result.entries,
      next_after_revision: next === null ? null : Number(next),
      next:
        next === null
          ? null
          : `${this.services.publicBaseUrl}/users/${user_id.toLowerCase()}/history?${query(next)}`,
    };
  }

  /**
   * The account as it was at an instant, folded from the events recorded up to then; deleted and
   * erased accounts included. 404 when the account did not exist yet at that instant.
   * @param at An RFC 3339 instant; now when absent.
   */
  @Get('users/{user_id}/history/state')
  @Security('jwt', ['ADMIN', 'MANAGER'])
  public async stateAt(@Path() user_id: UUID, @Query() at?: string): Promise<AccountState> {
    const instant = instantParam('at', at) ?? new Date();
    const found = await this.services.audit.accountAt(user_id, instant);
    if (found.account) return found.account;
    if (!found.exists) throw userNotFound();
    throw new HttpError(404, `The account did not exist yet at ${instant.toISOString()}`);
  }

  /**
   * Recomputes the account's hash chain over its events as stored (personal data encrypted) and
   * reports the first event whose link does not hold.
   */
  @Get('users/{user_id}/history/verify')
  @Security('jwt', ['ADMIN', 'MANAGER'])
  public async verify(@Path() user_id: UUID): Promise<ChainVerification> {
    const verification = await this.services.audit.verify(user_id);
    if (!verification) throw userNotFound();
    return verification;
  }

  /** Everything held about an account (data, full history, integrity), for its holder or an ADMIN. */
  @Get('users/{user_id}/export')
  @Security('jwt')
  public async exportAccount(
    @Path() user_id: UUID,
    @Request() request: ExpressRequest,
  ): Promise<AccountExport> {
    const principal = principalOf(request);
    if (principal.id !== user_id.toLowerCase() && principal.role !== 'ADMIN') throw operationNotPermitted();
    return this.exportOf(user_id);
  }

  /** Everything held about the signed-in user's account: data, full history and its integrity. */
  @Get('me/export')
  @Security('jwt')
  public async exportMine(@Request() request: ExpressRequest): Promise<AccountExport> {
    return this.exportOf(principalOf(request).id);
  }

  private async exportOf(userId: string): Promise<AccountExport> {
    const exported = await this.services.audit.exportAccount(userId);
    if (!exported) throw userNotFound();
    this.setHeader('Content-Disposition', `attachment; filename="account-${exported.account.id}.json"`);
    return exported;
  }
}

function invalid(name: string, value: unknown, message: string): never {
  throw new ValidateError({ [name]: { message, value } }, message);
}

function instantParam(name: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  return (
    parseInstant(value) ??
    invalid(name, value, `${name} must be an RFC 3339 date-time such as 2026-01-31T09:00:00Z (send + as %2B)`)
  );
}

function typesParam(value: string | undefined): ReadonlySet<string> | undefined {
  if (value === undefined) return undefined;
  const types = value.split(',').map((type) => type.trim());
  const unknown = types.filter((type) => !isUserEventType(type));
  if (unknown.length > 0) invalid('type', value, `unknown event type: ${unknown.join(', ')}`);
  return new Set(types);
}
