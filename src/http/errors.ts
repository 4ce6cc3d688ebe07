import { STATUS_CODES } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { ValidateError } from '@tsoa/runtime';
import {
  AccountLockedError,
  DomainError,
  EmailNotVerifiedError,
  EmailTakenError,
  ForbiddenError,
  InvalidCommandError,
  InvalidCredentialsError,
  InvalidTokenError,
  LastAdminError,
  NicknameTakenError,
  NothingToUpdateError,
  UserAlreadyExistsError,
  UserNotFoundError,
} from '../domain/index.js';
import { StaleRevisionError } from '../commands/index.js';
import { ReadModelBehindError } from '../projections/index.js';
import { UncommittedPositionError } from '../queries/index.js';
import { ExpectedRevisionConflictError } from '../infrastructure/eventStore/eventStore.js';
import type { Logger } from '../infrastructure/logging/logger.js';
import { HttpError } from './httpErrors.js';

type Answer = { status: number; detail: unknown; headers?: Record<string, string> };

const loginRefused: Answer = {
  status: 401,
  detail: 'Incorrect email or password.',
  headers: { 'WWW-Authenticate': 'Bearer' },
};

/**
 * The one table from error to answer. Some routes answer the same error differently (an unknown
 * user is 401 on login but 404 elsewhere): those say so with `answerAs`.
 */
function answerFor(error: unknown, route: RouteKind): Answer | null {
  if (error instanceof HttpError)
    return { status: error.status, detail: error.detail, headers: error.headers };
  if (error instanceof ValidateError) return { status: 422, detail: validationDetail(error) };
  if (route === 'login') {
    if (error instanceof AccountLockedError) {
      return { status: 400, detail: 'Account locked due to too many failed login attempts.' };
    }
    if (
      error instanceof InvalidCredentialsError ||
      error instanceof EmailNotVerifiedError ||
      error instanceof UserNotFoundError
    ) {
      return loginRefused;
    }
  }
  if (route === 'token' && (error instanceof InvalidTokenError || error instanceof UserNotFoundError)) {
    return { status: 400, detail: 'Invalid or expired verification token' };
  }
  if (error instanceof InvalidCommandError) {
    return {
      status: 422,
      detail: error.issues.map((issue) => ({
        loc: ['body', ...apiFieldPath(issue.path)],
        msg: issue.message,
        type: 'value_error',
      })),
    };
  }
  if (error instanceof UserNotFoundError) return { status: 404, detail: 'User not found' };
  if (error instanceof ForbiddenError) return { status: 403, detail: 'Operation not permitted' };
  if (error instanceof EmailTakenError) return { status: 409, detail: 'Email already exists' };
  if (error instanceof NicknameTakenError) return { status: 409, detail: 'Nickname already exists' };
  if (error instanceof LastAdminError)
    return { status: 409, detail: 'The last ADMIN cannot be removed or demoted' };
  if (error instanceof NothingToUpdateError) return { status: 422, detail: 'No updatable field was given' };
  if (error instanceof InvalidCredentialsError) return { status: 400, detail: 'Incorrect password' };
  if (error instanceof InvalidTokenError) return { status: 400, detail: 'Invalid or expired token' };
  if (error instanceof AccountLockedError)
    return { status: 400, detail: 'Account locked due to too many failed login attempts.' };
  if (error instanceof EmailNotVerifiedError) return { status: 400, detail: 'Email address not verified' };
  if (error instanceof UserAlreadyExistsError) return { status: 409, detail: 'User already exists' };
  if (error instanceof UncommittedPositionError) {
    return {
      status: 422,
      detail: 'X-Event-Position is beyond every committed event: send one this API returned',
    };
  }
  if (error instanceof ReadModelBehindError) {
    return {
      status: 503,
      detail: 'The service is catching up; retry shortly',
      headers: { 'Retry-After': '1' },
    };
  }
  if (error instanceof StaleRevisionError)
    return { status: 412, detail: 'The account has changed since you read it' };
  if (error instanceof ExpectedRevisionConflictError) {
    return { status: 409, detail: 'The account was changed concurrently; retry the request' };
  }
  if (error instanceof DomainError) return { status: 400, detail: error.message };
  if (isClientErrorWithStatus(error)) {
    return {
      status: error.status,
      detail: error.expose === true ? error.message : (STATUS_CODES[error.status] ?? 'Bad Request'),
    };
  }
  return null;
}

/**
 * A command names its fields as the domain does (camelCase, a profile edit's under `changes`); the
 * client is told the field of the body it sent (snake_case, flat), as for the route's own validation.
 */
const apiFieldPath = (path: string): string[] =>
  path
    .split('.')
    .filter((segment) => segment !== 'changes')
    .map((segment) => segment.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`));

export type RouteKind = 'login' | 'token' | 'default';

/** Lets a controller mark the kind of route it serves, for the routes whose answers differ. */
export function answerAs(request: Request, route: RouteKind): void {
  (request as Request & { routeKind?: RouteKind }).routeKind = route;
}

function validationDetail(error: ValidateError) {
  return Object.entries(error.fields).map(([field, { message }]) => ({
    loc: field.split('.'),
    msg: message,
    type: 'value_error',
  }));
}

/** The one place that turns an error into an HTTP answer. A 500 never echoes internals. */
export const errorHandler =
  (log: Logger) =>
  (error: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(error);
    const route = (req as Request & { routeKind?: RouteKind }).routeKind ?? 'default';
    const answer = answerFor(error, route);
    const requestId = res.getHeader('X-Request-Id');
    if (!answer) {
      log.error('unhandled error', {
        requestId,
        method: req.method,
        route: req.route?.path,
        error: describe(error),
      });
      res.status(500).json({ detail: 'Internal Server Error', request_id: requestId });
      return;
    }
    res.set(answer.headers ?? {});
    res.status(answer.status).json({ detail: answer.detail, request_id: requestId });
  };

/**
 * A client error raised by express's own layers, with its status: the body parsers' (which say with
 * `expose` whether their message is fit for the client) and the router's for a path whose
 * percent-encoding does not decode (which do not, so its reason phrase is told instead).
 */
function isClientErrorWithStatus(
  error: unknown,
): error is { status: number; expose?: unknown; message: string } {
  return (
    error instanceof Error &&
    'status' in error &&
    typeof error.status === 'number' &&
    error.status >= 400 &&
    error.status < 500
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
}
