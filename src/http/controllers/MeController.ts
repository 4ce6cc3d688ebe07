import type { Request as ExpressRequest } from 'express';
import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  Patch,
  Path,
  Post,
  Request,
  Response,
  Route,
  Security,
  SuccessResponse,
  Tags,
  ValidateError,
} from '@tsoa/runtime';
import type { Services } from '../../main.js';
import { weakETag, withExpectedRevision } from '../etag.js';
import type { ErrorResponse, ValidationErrorResponse } from '../errorResponses.js';
import { HttpError } from '../httpErrors.js';
import type { UserResponse } from '../presenters/userResponse.js';
import { userResponse } from '../presenters/userResponse.js';
import { metaOf, principalOf } from '../requestMeta.js';
import { isUuid } from '../../queries/uuid.js';
import type { SessionResponse } from '../sessionTokens.js';
import type {
  AccountClosureRequest,
  MessageResponse,
  PasswordChangeRequest,
  ProfileFields,
} from '../requests.js';
import { profileChangesFrom } from '../requests.js';

export interface MyProfileUpdate extends ProfileFields {
  /** A new address must be verified again before the next login. @maxLength 254 */
  email?: string;
  /** @minLength 3 @maxLength 50 @pattern ^[A-Za-z0-9_-]+$ */
  nickname?: string;
}

@Route('me')
@Tags('My account')
@Security('jwt')
@Response<ErrorResponse>(401, 'Not authenticated, or the token no longer holds (WWW-Authenticate: Bearer)')
@Response<ErrorResponse>(503, 'The read model is still catching up with earlier writes (Retry-After)')
export class MeController extends Controller {
  constructor(private readonly services: Services) {
    super();
  }

  /** The signed-in user's own account. */
  @Get()
  public async get(@Request() request: ExpressRequest): Promise<UserResponse> {
    return this.answerWith(principalOf(request).id);
  }

  /** Changes the signed-in user's own profile; only the fields sent change. */
  @Response<ErrorResponse>(409, 'Email or nickname taken, or a concurrent change')
  @Response<ErrorResponse>(412, 'If-Match names an older revision of the account')
  @Response<ValidationErrorResponse>(422, 'Invalid fields, or no field to change')
  @Patch()
  public async update(
    @Body() body: MyProfileUpdate,
    @Request() request: ExpressRequest,
    @Header('If-Match') ifMatch?: string,
  ): Promise<UserResponse> {
    const { email, nickname, ...profile } = body;
    const changes = { ...profileChangesFrom(profile), ...(nickname === undefined ? {} : { nickname }) };
    const userId = principalOf(request).id;
    const result = await this.services.commands.updateUser(
      {
        userId,
        changes: {
          ...(Object.keys(changes).length > 0 ? { profile: changes } : {}),
          ...(email === undefined ? {} : { email }),
        },
      },
      withExpectedRevision(metaOf(request), ifMatch),
    );
    return this.answerWith(userId, result.position);
  }

  /**
   * Signs the account out everywhere: every access token issued to it so far, this one included,
   * stops working.
   */
  @Post('logout')
  @SuccessResponse(204, 'Signed out')
  public async logOut(@Request() request: ExpressRequest): Promise<void> {
    const result = await this.services.commands.revokeSessions(
      { userId: principalOf(request).id },
      metaOf(request),
    );
    this.setHeader('X-Event-Position', result.position.toString());
    this.setStatus(204);
  }

  /**
   * The signed-in user's sessions: those that stay signed in (each sign-in that asked for a refresh
   * token, until it runs out or is signed out), and the one asking, marked `current`.
   */
  @Get('sessions')
  public async sessions(@Request() request: ExpressRequest): Promise<SessionResponse[]> {
    const principal = principalOf(request);
    return this.services.sessions.list(principal.id, principal.session ?? null);
  }

  /**
   * Signs one session out (a device), the others staying signed in: its access tokens stop working
   * and it can no longer be refreshed. `current` names the session asking.
   * @param session_id A session's id from `GET /me/sessions`, or `current`.
   */
  @Response<ErrorResponse>(404, 'Session not found')
  @Response<ValidationErrorResponse>(422, 'Not a session id')
  @Delete('sessions/{session_id}')
  @SuccessResponse(204, 'Signed out')
  public async endSession(@Path() session_id: string, @Request() request: ExpressRequest): Promise<void> {
    const principal = principalOf(request);
    const current = principal.session ?? null;
    // Ids compare as text where the tokens are checked: one spelling only.
    const sessionId = session_id === 'current' ? current?.id : session_id.toLowerCase();
    if (sessionId !== undefined && !isUuid(sessionId))
      throw new ValidateError({ session_id: { message: 'must be a session id or current' } }, '');
    const result =
      sessionId === undefined
        ? null
        : await this.services.sessions.end(principal.id, sessionId, current, metaOf(request));
    if (!result) throw new HttpError(404, 'Session not found');
    this.setHeader('X-Event-Position', result.position.toString());
    this.setStatus(204);
  }

  /**
   * Changes the signed-in user's password; the current one must be given. Every session ends, this
   * one too: sign in again with the new password.
   */
  @Response<ErrorResponse>(400, 'Incorrect password (the current one)')
  @Response<ValidationErrorResponse>(422, 'A new password of 8 to 128 characters is required')
  @Post('password')
  public async changePassword(
    @Body() body: PasswordChangeRequest,
    @Request() request: ExpressRequest,
  ): Promise<MessageResponse> {
    const result = await this.services.commands.changePassword(
      {
        userId: principalOf(request).id,
        currentPassword: body.current_password,
        newPassword: body.new_password,
      },
      metaOf(request),
    );
    this.setHeader('X-Event-Position', result.position.toString());
    return { message: 'Password changed' };
  }

  /**
   * Closes the signed-in user's own account for good; the current password must be given. The account
   * is deleted and its personal data erased at once (its data key is destroyed, so every personal field
   * of its history reads `[erased]`), its email address and nickname become free, and every session
   * ends. It cannot be undone. The last ADMIN cannot close their account (409): appoint another first.
   */
  @Response<ErrorResponse>(400, 'Incorrect password')
  @Response<ErrorResponse>(409, 'The last ADMIN cannot be removed')
  @Response<ValidationErrorResponse>(422, 'The password is required')
  @Post('close')
  @SuccessResponse(204, 'Closed and erased')
  public async close(@Body() body: AccountClosureRequest, @Request() request: ExpressRequest): Promise<void> {
    const result = await this.services.commands.closeAccount(
      { userId: principalOf(request).id, currentPassword: body.password },
      metaOf(request),
    );
    this.setHeader('X-Event-Position', result.position.toString());
    this.setStatus(204);
  }

  private async answerWith(userId: string, position?: bigint): Promise<UserResponse> {
    const user = await this.services.queries.getUser(
      userId,
      position === undefined ? {} : { atLeast: position },
    );
    if (!user) throw new HttpError(404, 'User not found');
    if (position !== undefined) this.setHeader('X-Event-Position', position.toString());
    this.setHeader('ETag', weakETag(user.revision));
    return userResponse(user, this.services.publicBaseUrl);
  }
}
