/**
 * The bodies of error answers, as the OpenAPI document shows them: the original service's
 * `{"detail": ...}` envelope, plus the request id. See errors.ts for which error gets which status.
 */
export interface ErrorResponse {
  /** What went wrong, in one sentence. */
  detail: string;
  /** The request's X-Request-Id: quote it when reporting a problem. */
  request_id: string;
}

/** One invalid field, as FastAPI reports it: where, why, and the kind of error. */
export interface FieldError {
  loc: string[];
  msg: string;
  type: string;
}

/** 422: every invalid field of the request at once. */
export interface ValidationErrorResponse {
  detail: FieldError[];
  request_id: string;
}
