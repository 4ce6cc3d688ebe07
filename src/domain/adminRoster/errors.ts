import { DomainError } from '../shared/errors.js';

/** The change would leave the service without any ADMIN. */
export class LastAdminError extends DomainError {
  constructor(readonly userId: string) {
    super('The last ADMIN cannot be removed; appoint another ADMIN first');
  }
}
