import { DomainError } from '../shared/errors.js';

export { DomainError, ForbiddenError, InvalidCommandError, InvalidEventError } from '../shared/errors.js';
export type { CommandIssue } from '../shared/errors.js';

/** No such account, or it was deleted or erased (the HTTP layer answers 401 on login, 404 elsewhere). */
export class UserNotFoundError extends DomainError {
  constructor(readonly userId: string) {
    super(`User ${userId} not found`);
  }
}

/** The user id is already taken; the caller generates ids, so this is a retry or a bug, not a duplicate email. */
export class UserAlreadyExistsError extends DomainError {
  constructor(readonly userId: string) {
    super(`User ${userId} already exists`);
  }
}

/** Wrong password. Raised by the caller after appending LoginFailed, and by ChangePassword. */
export class InvalidCredentialsError extends DomainError {
  constructor() {
    super('Incorrect email or password');
  }
}

/** lockedUntil is null when only an admin or a password reset can unlock. */
export class AccountLockedError extends DomainError {
  constructor(
    readonly userId: string,
    readonly lockedUntil: string | null,
  ) {
    super(lockedUntil ? `Account locked until ${lockedUntil}` : 'Account locked');
  }
}

/** Right password, unverified email. Answer it like a wrong password to keep accounts unguessable. */
export class EmailNotVerifiedError extends DomainError {
  constructor(readonly userId: string) {
    super('Email address not verified');
  }
}

/** A verification or reset token that is unknown, already used, replaced by a newer one, or expired. */
export class InvalidTokenError extends DomainError {
  constructor(readonly reason: 'invalid' | 'expired') {
    super(reason === 'expired' ? 'This link has expired' : 'This link is invalid or has already been used');
  }
}

/** UpdateProfile named no field that a profile update may change. */
export class NothingToUpdateError extends DomainError {
  constructor() {
    super('Nothing to update');
  }
}
