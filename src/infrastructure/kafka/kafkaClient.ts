import type { LogEntry } from 'kafkajs';
import { Kafka, logLevel } from 'kafkajs';
import type { Logger } from '../logging/logger.js';

/**
 * A kafkajs client that logs through ours (warnings and errors only: its info level narrates every
 * connection). Its retry settings bound each operation; the relay's own restart loop takes over
 * when they are exhausted, so a broker that stays away is retried forever, just less often.
 */
export function createKafka(settings: { brokers: string[]; clientId: string }, log: Logger): Kafka {
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    connectionTimeout: 3_000,
    retry: { initialRetryTime: 300, maxRetryTime: 30_000, retries: 8 },
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => {
      const { message, timestamp: _timestamp, logger: _logger, ...details } = entry.log;
      const line = { namespace: entry.namespace, ...details };
      if (entry.level === logLevel.ERROR) log.error(`kafka: ${message}`, line);
      else log.warn(`kafka: ${message}`, line);
    },
  });
}
