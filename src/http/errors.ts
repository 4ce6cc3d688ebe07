import type { NextFunction, Request, Response } from 'express';
import { ValidateError } from 'tsoa';

export type Log = { error(message: string, details?: Record<string, unknown>): void };

/** The one place that turns an error into an HTTP answer. A 500 never echoes internals. */
export const errorHandler =
  (log: Log) =>
  (error: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(error);
    if (error instanceof ValidateError) {
      res.status(422).json({
        detail: Object.entries(error.fields).map(([field, { message }]) => ({
          loc: field.split('.'),
          msg: message,
          type: 'value_error',
        })),
      });
      return;
    }
    if (isBodyParserError(error)) {
      res.status(error.status).json({ detail: error.expose ? error.message : 'Bad request' });
      return;
    }
    log.error('unhandled error', { method: req.method, path: req.path, error: describe(error) });
    res.status(500).json({ detail: 'Internal Server Error' });
  };

function isBodyParserError(error: unknown): error is { status: number; expose: boolean; message: string } {
  return (
    typeof error === 'object' &&
    error !== null &&
    'status' in error &&
    typeof error.status === 'number' &&
    error.status >= 400 &&
    error.status < 500 &&
    'expose' in error
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
}
