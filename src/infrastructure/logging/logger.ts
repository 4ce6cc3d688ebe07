import { pino } from 'pino';
import type { DestinationStream, Logger as PinoLogger } from 'pino';

export type Logger = {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
  /** The underlying pino logger, for pino-http. Absent in tests that collect lines themselves. */
  pino?: PinoLogger;
};

/**
 * Structured JSON lines on stdout (or `destination`, for tests that read them). Callers pass ids,
 * never tokens, passwords or personal data.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const logger = pino(
    {
      level,
      base: { service: 'user-ledger' },
      // Belt and braces: these never belong in a log line, whoever passes them.
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token', '*.access_token'],
        censor: '[redacted]',
      },
    },
    destination,
  );
  return {
    info: (message, details) => logger.info(details ?? {}, message),
    warn: (message, details) => logger.warn(details ?? {}, message),
    error: (message, details) => logger.error(details ?? {}, message),
    pino: logger,
  };
}
