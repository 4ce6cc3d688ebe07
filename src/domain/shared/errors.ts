/** Base of every refusal the domain throws. The HTTP layer maps subclasses to statuses in one table. */
export class DomainError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

export type CommandIssue = { path: string; message: string };

/** A command failed its zod check; `issues` name each bad field. */
export class InvalidCommandError extends DomainError {
  constructor(
    readonly commandType: string,
    readonly issues: CommandIssue[],
  ) {
    super(
      `Invalid ${commandType}: ${issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ')}`,
    );
  }
}

/** The actor may not perform this command on this target. */
export class ForbiddenError extends DomainError {}

/** A stored payload does not match its event schema (a codec or upcaster bug, never a user mistake). */
export class InvalidEventError extends DomainError {
  constructor(
    readonly eventType: string,
    readonly issues: CommandIssue[],
  ) {
    super(
      `Invalid ${eventType} event: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
    );
  }
}
