/** An answer decided by the HTTP layer itself (authentication, preconditions, rate limits). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'HttpError';
  }
}

const bearerChallenge = { 'WWW-Authenticate': 'Bearer' };

export const notAuthenticated = () => new HttpError(401, 'Not authenticated', bearerChallenge);
export const invalidCredentials = () => new HttpError(401, 'Could not validate credentials', bearerChallenge);
export const operationNotPermitted = () => new HttpError(403, 'Operation not permitted');
