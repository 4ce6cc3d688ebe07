import type { Config } from '../../config.js';
import type { EmailSettings } from './emailPipeline.js';

/** Queue and retry knobs, from the environment (EMAIL_* in src/config.ts). */
export type EmailTuning = {
  queueName: string;
  queuePrefix: string;
  attempts: number;
  backoffMs: number;
  keepCompletedDays: number;
  keepFailedDays: number;
  templatesDir: string | undefined;
};

/** Without REDIS_URL, a Redis on localhost is used if one answers; if none does, mail goes out directly. */
export function emailSettingsFrom(config: Config, tuning: EmailTuning): EmailSettings {
  return {
    publicBaseUrl: config.http.publicBaseUrl,
    redisUrl: config.redisUrl ?? 'redis://127.0.0.1:6379',
    queue: {
      name: tuning.queueName,
      prefix: tuning.queuePrefix,
      attempts: tuning.attempts,
      backoffMs: tuning.backoffMs,
      keepCompletedMs: tuning.keepCompletedDays * 86_400_000,
      keepFailedMs: tuning.keepFailedDays * 86_400_000,
    },
    smtp: config.smtp,
    from: config.smtp?.from ?? 'User Ledger <no-reply@localhost>',
    dataDir: config.dataDir,
    templatesDir: tuning.templatesDir,
    printLinks: config.printVerificationLinks,
  };
}
