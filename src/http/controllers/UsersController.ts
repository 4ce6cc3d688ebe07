import type { Request as ExpressRequest } from 'express';
import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  Path,
  Post,
  Put,
  Query,
  Request,
  Response,
  Route,
  Security,
  SuccessResponse,
  Tags,
} from '@tsoa/runtime';
import type { Services } from '../../main.js';
import { weakETag, withExpectedRevision } from '../etag.js';
import type { ErrorResponse, ValidationErrorResponse } from '../errorResponses.js';
import { HttpError } from '../httpErrors.js';
import type { UserPage } from '../presenters/userPage.js';
import { userPage } from '../presenters/userPage.js';
import type { RoleName, UserResponse } from '../presenters/userResponse.js';
import { userResponse } from '../presenters/userResponse.js';
import { consistency } from '../consistency.js';
import { metaOf } from '../requestMeta.js';
import type { CreateUserRequest, ProfessionalStatusRequest, UserUpdateRequest } from '../requests.js';
import { profileChangesFrom } from '../requests.js';
import { searchedEmail } from '../searchedEmail.js';
import type { UUID } from '../uuid.js';

@Route('users')
@Tags('User management')
@Security('jwt', ['ADMIN', 'MANAGER'])
@Response<ErrorResponse>(401, 'Not authenticated, or the token no longer holds (WWW-Authenticate: Bearer)')
@Response<ErrorResponse>(403, 'Operation not permitted')
@Response<ValidationErrorResponse>(422, 'Invalid parameters or body: every invalid field')
@Response<ErrorResponse>(503, 'The read model is still catching up with earlier writes (Retry-After)')
export class UsersController extends Controller {
  constructor(private readonly services: Services) {
    super();
  }

  /**
   * Lists accounts, oldest first, with pagination links. The filters narrow the list to the accounts
   * matching all of them; the links keep them.
   * @param skip How many accounts to skip.
   * @isInt skip
   * @minimum skip 0
   * @maximum skip 2147483647
   * @param limit Page size, 1 to 100.
   * @isInt limit
   * @minimum limit 1
   * @maximum limit 100
   * @param email Only the account with this email address (in any case).
   * @param role Only the accounts with this role.
   * @param locked Only the accounts locked now (true), or those not locked (false).
   */
  @Get()
  public async list(
    @Query() skip = 0,
    @Query() limit = 10,
    @Query() email?: string,
    @Query() role?: RoleName,
    @Query() locked?: boolean,
    @Header('X-Event-Position') eventPosition?: string,
  ): Promise<UserPage> {
    const request = {
      skip,
      limit,
      ...(email !== undefined && { email: searchedEmail(email) }),
      ...(role !== undefined && { role }),
      ...(locked !== undefined && { locked }),
    };
    const page = await this.services.queries.listUsers(request, consistency(eventPosition));
    return userPage(page, request, this.services.publicBaseUrl);
  }

  /** Creates an account on someone's behalf. Only an ADMIN may choose its role. */
  @Response<ErrorResponse>(409, 'Email or nickname taken, the last ADMIN, or a concurrent change')
  @Post()
  @SuccessResponse(201, 'Created')
  public async create(
    @Body() body: CreateUserRequest,
    @Request() request: ExpressRequest,
  ): Promise<UserResponse> {
    const result = await this.services.commands.createUser(
      {
        email: body.email,
        password: body.password,
        ...profileChangesFrom(body),
        ...(body.nickname ? { nickname: body.nickname } : {}),
        ...(body.role ? { role: body.role } : {}),
        ...(body.email_verified === undefined ? {} : { markVerified: body.email_verified }),
      },
      metaOf(request),
    );
    this.setStatus(201);
    return this.answerWith(result.userId, result.position, result.revision);
  }

  /**
   * One account. Like every read, it first waits (bounded) until the read model has caught up
   * with every write committed before the request; send `X-Event-Position` from a write's
   * answer to wait for exactly that write instead.
   */
  @Response<ErrorResponse>(404, 'User not found')
  @Get('{user_id}')
  public async get(
    @Path() user_id: UUID,
    @Header('X-Event-Position') eventPosition?: string,
  ): Promise<UserResponse> {
    const user = await this.services.queries.getUser(user_id, consistency(eventPosition));
    if (!user) throw new HttpError(404, 'User not found');
    this.setHeader('ETag', weakETag(user.revision));
    return userResponse(user, this.services.publicBaseUrl);
  }

  /** Partial update: only the fields sent change. Send `If-Match` with the ETag to refuse a stale update (412). */
  @Response<ErrorResponse>(404, 'User not found')
  @Response<ErrorResponse>(409, 'Email or nickname taken, the last ADMIN, or a concurrent change')
  @Response<ErrorResponse>(412, 'If-Match names an older revision of the account')
  @Put('{user_id}')
  public async update(
    @Path() user_id: UUID,
    @Body() body: UserUpdateRequest,
    @Request() request: ExpressRequest,
    @Header('If-Match') ifMatch?: string,
  ): Promise<UserResponse> {
    const { email, nickname, role, ...profile } = body;
    const changes = { ...profileChangesFrom(profile), ...(nickname === undefined ? {} : { nickname }) };
    const result = await this.services.commands.updateUser(
      {
        userId: user_id,
        changes: {
          ...(Object.keys(changes).length > 0 ? { profile: changes } : {}),
          ...(email === undefined ? {} : { email }),
          ...(role === undefined ? {} : { role }),
        },
      },
      withExpectedRevision(metaOf(request), ifMatch),
    );
    return this.answerWith(user_id, result.position, result.revision);
  }

  /**
   * Deletes the account. The last ADMIN cannot be deleted (409). With `erase=true` (ADMIN only)
   * the account's personal data is also erased: its data key is destroyed, so every personal field
   * of its history reads `[erased]` while the history itself stays verifiable.
   */
  @Response<ErrorResponse>(404, 'User not found')
  @Response<ErrorResponse>(409, 'The last ADMIN cannot be removed')
  @Delete('{user_id}')
  @SuccessResponse(204, 'Deleted')
  public async remove(
    @Path() user_id: UUID,
    @Request() request: ExpressRequest,
    @Query() erase?: boolean,
  ): Promise<void> {
    const run = erase ? this.services.commands.erasePersonalData : this.services.commands.deleteUser;
    const result = await run({ userId: user_id }, metaOf(request));
    this.setHeader('X-Event-Position', result.position.toString());
    this.setStatus(204);
  }

  /** Unlocks an account locked after failed logins, and emails its holder. */
  @Response<ErrorResponse>(404, 'User not found')
  @Post('{user_id}/unlock')
  public async unlock(@Path() user_id: UUID, @Request() request: ExpressRequest): Promise<UserResponse> {
    const result = await this.services.commands.unlockAccount({ userId: user_id }, metaOf(request));
    return this.answerWith(user_id, result.position, result.revision);
  }

  /**
   * Signs the account out everywhere: every access token issued to it so far stops working (a lost
   * device, a compromised account). Its holder signs in again.
   */
  @Response<ErrorResponse>(404, 'User not found')
  @Post('{user_id}/logout')
  @SuccessResponse(204, 'Signed out')
  public async logOut(@Path() user_id: UUID, @Request() request: ExpressRequest): Promise<void> {
    const result = await this.services.commands.revokeSessions({ userId: user_id }, metaOf(request));
    this.setHeader('X-Event-Position', result.position.toString());
    this.setStatus(204);
  }

  /** Grants or withdraws professional status; the time of the change is recorded. */
  @Response<ErrorResponse>(404, 'User not found')
  @Put('{user_id}/professional-status')
  public async setProfessionalStatus(
    @Path() user_id: UUID,
    @Body() body: ProfessionalStatusRequest,
    @Request() request: ExpressRequest,
  ): Promise<UserResponse> {
    const result = await this.services.commands.setProfessionalStatus(
      { userId: user_id, isProfessional: body.is_professional },
      metaOf(request),
    );
    return this.answerWith(user_id, result.position, result.revision);
  }

  private async answerWith(userId: string, position: bigint, revision: bigint): Promise<UserResponse> {
    this.setHeader('X-Event-Position', position.toString());
    this.setHeader('ETag', weakETag(revision));
    const user = await this.services.queries.getUser(userId, { atLeast: position });
    if (!user) throw new HttpError(404, 'User not found');
    return userResponse(user, this.services.publicBaseUrl);
  }
}
