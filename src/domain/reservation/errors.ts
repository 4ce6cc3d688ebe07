import { DomainError } from '../shared/errors.js';

export class EmailTakenError extends DomainError {
  constructor() {
    super('This email address is already in use');
  }
}

export class NicknameTakenError extends DomainError {
  constructor() {
    super('This nickname is already in use');
  }
}
