import { pino } from 'pino';

export type Logger = {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
};

/** Structured JSON lines on stdout. Callers pass ids, never tokens, passwords or personal data. */
export function createLogger(level: string): Logger {
  const logger = pino({ level, base: { service: 'user-ledger' } });
  return {
    info: (message, details) => logger.info(details ?? {}, message),
    warn: (message, details) => logger.warn(details ?? {}, message),
    error: (message, details) => logger.error(details ?? {}, message),
  };
}
