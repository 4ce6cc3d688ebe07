import type { Request as ExpressRequest } from 'express';
import {
  Body,
  Controller,
  Post,
  Request,
  Response,
  Route,
  Security,
  SuccessResponse,
  Tags,
} from '@tsoa/runtime';
import type { Services } from '../../main.js';
import type { ErrorResponse, ValidationErrorResponse } from '../errorResponses.js';
import { HttpError } from '../httpErrors.js';
import { principalOf } from '../requestMeta.js';

export interface TestEmailRequest {
  /** Where to send it; the signed-in ADMIN's own address when absent. @maxLength 254 */
  email?: string;
}

export interface TestEmailResponse {
  status: 'success';
}

/**
 * The original service's test-email routes: render one template with sample values and send it
 * through the configured transport, to check SMTP settings. ADMIN only; EMAIL_TEST_ROUTES=false
 * turns them off (404).
 */
@Route('emails/test')
@Tags('Operations')
@Security('jwt', ['ADMIN'])
@Response<ErrorResponse>(401, 'Not authenticated, or the token no longer holds (WWW-Authenticate: Bearer)')
@Response<ErrorResponse>(403, 'Operation not permitted')
@Response<ErrorResponse>(404, 'User not found, or the test routes are switched off (EMAIL_TEST_ROUTES=false)')
@Response<ValidationErrorResponse>(422, 'A valid email is required')
export class EmailTestController extends Controller {
  constructor(private readonly services: Services) {
    super();
  }

  /** Sends a sample verification email. */
  @Post('verification')
  @SuccessResponse(202, 'Accepted')
  public async verification(@Body() body: TestEmailRequest, @Request() request: ExpressRequest) {
    return this.send('email-verification', body, request);
  }

  /** Sends a sample "account locked" email. */
  @Post('account-locked')
  @SuccessResponse(202, 'Accepted')
  public async accountLocked(@Body() body: TestEmailRequest, @Request() request: ExpressRequest) {
    return this.send('account-locked', body, request);
  }

  /** Sends a sample "role changed" email. */
  @Post('role-changed')
  @SuccessResponse(202, 'Accepted')
  public async roleChanged(@Body() body: TestEmailRequest, @Request() request: ExpressRequest) {
    return this.send('role-changed', body, request);
  }

  private async send(
    template: 'email-verification' | 'account-locked' | 'role-changed',
    body: TestEmailRequest,
    request: ExpressRequest,
  ): Promise<TestEmailResponse> {
    if (!this.services.testEmails) throw new HttpError(404, 'Not Found');
    const recipient = body.email ?? (await this.services.queries.getUser(principalOf(request).id))?.email;
    if (!recipient) throw new HttpError(404, 'User not found');
    await this.services.testEmails.send(template, recipient);
    this.setStatus(202);
    return { status: 'success' };
  }
}
