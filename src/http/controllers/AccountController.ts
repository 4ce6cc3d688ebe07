import type { Request as ExpressRequest } from 'express';
import { Body, Controller, Get, Path, Post, Request, Response, Route, Tags } from '@tsoa/runtime';
import type { Services } from '../../main.js';
import type { ErrorResponse, ValidationErrorResponse } from '../errorResponses.js';
import { answerAs } from '../errors.js';
import type { UserResponse } from '../presenters/userResponse.js';
import { userResponse } from '../presenters/userResponse.js';
import { metaOf } from '../requestMeta.js';
import type {
  EmailRequest,
  LoginForm,
  MessageResponse,
  PasswordResetConfirmation,
  RefreshRequest,
  RegisterRequest,
  TokenResponse,
} from '../requests.js';
import { profileChangesFrom } from '../requests.js';

const linkSent: MessageResponse = {
  message: 'If an account needs it, an email with a link is on its way to that address.',
};

@Route('')
@Tags('Account')
export class AccountController extends Controller {
  constructor(private readonly services: Services) {
    super();
  }

  /**
   * Creates an account and emails a verification link. The very first account becomes a
   * verified ADMIN; every other starts ANONYMOUS until its email is verified. A `nickname` or
   * `role` in the body is validated for compatibility, then ignored.
   */
  @Response<ErrorResponse>(409, 'Email or nickname already taken')
  @Response<ValidationErrorResponse>(422, 'Invalid fields: every one is listed')
  @Response<ErrorResponse>(429, 'Too many requests from this address (Retry-After)')
  @Post('register')
  public async register(
    @Body() body: RegisterRequest,
    @Request() request: ExpressRequest,
  ): Promise<UserResponse> {
    const result = await this.services.commands.registerUser(
      { email: body.email, password: body.password, ...profileChangesFrom(body) },
      metaOf(request),
    );
    this.setHeader('X-Event-Position', result.position.toString());
    const user = await this.services.queries.getUser(result.userId, { atLeast: result.position });
    return userResponse(user!, this.services.publicBaseUrl);
  }

  /**
   * OAuth2 password flow: `username` is the email address. Answers an access token, and with
   * `scope=offline_access` a refresh token too (see `POST /token/refresh`). Locked accounts answer
   * 400; a wrong password, an unknown email and an unverified account all answer the same 401.
   */
  @Response<ErrorResponse>(400, 'Account locked due to too many failed login attempts.')
  @Response<ErrorResponse>(401, 'Incorrect email or password.')
  @Response<ValidationErrorResponse>(422, 'username and password are required')
  @Response<ErrorResponse>(429, 'Too many requests from this address (Retry-After)')
  @Post('login')
  public async login(@Body() form: LoginForm, @Request() request: ExpressRequest): Promise<TokenResponse> {
    answerAs(request, 'login');
    const loggedIn = await this.services.commands.logIn(
      { email: form.username, password: form.password },
      metaOf(request),
    );
    const scopes = (form.scope ?? '').split(' ');
    return this.services.sessions.signIn(loggedIn, { refreshToken: scopes.includes('offline_access') });
  }

  /**
   * Exchanges a refresh token (from a sign-in or an earlier exchange) for a new access token and the
   * refresh token's successor: each refresh token works once. One used twice signs the account out
   * everywhere, as a copy of it must be in other hands. Form or JSON.
   */
  @Response<ErrorResponse>(400, 'Invalid or expired refresh token')
  @Response<ValidationErrorResponse>(422, 'refresh_token is required')
  @Response<ErrorResponse>(429, 'Too many requests from this address (Retry-After)')
  @Post('token/refresh')
  public async refresh(
    @Body() body: RefreshRequest,
    @Request() request: ExpressRequest,
  ): Promise<TokenResponse> {
    return this.services.sessions.refresh(body.refresh_token, metaOf(request));
  }

  /** The link from the verification email. Raises an ANONYMOUS account to AUTHENTICATED. */
  @Response<ErrorResponse>(400, 'Invalid or expired verification token')
  @Response<ValidationErrorResponse>(422, 'user_id is not a UUID')
  @Get('verify-email/{user_id}/{token}')
  public async verifyEmail(
    @Path() user_id: string,
    @Path() token: string,
    @Request() request: ExpressRequest,
  ): Promise<MessageResponse> {
    answerAs(request, 'token');
    const result = await this.services.commands.verifyEmail({ userId: user_id, token }, metaOf(request));
    this.setHeader('X-Event-Position', result.position.toString());
    return { message: 'Email verified successfully' };
  }

  /** Sends a new verification link; the previous one stops working. Answers the same whether or not the address has an account. */
  @Response<ValidationErrorResponse>(422, 'A valid email is required')
  @Response<ErrorResponse>(429, 'Too many requests from this address (Retry-After)')
  @Post('verify-email/resend')
  public async resendVerification(
    @Body() body: EmailRequest,
    @Request() request: ExpressRequest,
  ): Promise<MessageResponse> {
    await this.services.commands.requestEmailVerification({ email: body.email }, metaOf(request));
    return linkSent;
  }

  /** Emails a single-use password reset link. Answers the same whether or not the address has an account. */
  @Response<ValidationErrorResponse>(422, 'A valid email is required')
  @Response<ErrorResponse>(429, 'Too many requests from this address (Retry-After)')
  @Post('password-reset/request')
  public async requestPasswordReset(
    @Body() body: EmailRequest,
    @Request() request: ExpressRequest,
  ): Promise<MessageResponse> {
    await this.services.commands.requestPasswordReset({ email: body.email }, metaOf(request));
    return linkSent;
  }

  /** Sets a new password with the emailed token; also unlocks a locked account. */
  @Response<ErrorResponse>(400, 'Invalid or expired token')
  @Response<ValidationErrorResponse>(422, 'Invalid fields, or a password outside 8 to 128 characters')
  @Post('password-reset/confirm')
  public async confirmPasswordReset(
    @Body() body: PasswordResetConfirmation,
    @Request() request: ExpressRequest,
  ): Promise<MessageResponse> {
    answerAs(request, 'token');
    const result = await this.services.commands.resetPassword(
      { userId: body.user_id, token: body.token, newPassword: body.new_password },
      metaOf(request),
    );
    this.setHeader('X-Event-Position', result.position.toString());
    return { message: 'Password has been reset' };
  }
}
