import { TemplateError } from '../../notifications/index.js';

/**
 * What a log line may say about a failed send. Transport errors can quote the recipient's address
 * (an SMTP 550 reply, say), so only their name and codes are kept; template errors name files and
 * placeholders, nothing personal.
 */
export function failureReason(error: unknown): string {
  if (error instanceof TemplateError) return error.message;
  if (!(error instanceof Error)) return 'unknown error';
  const { code, responseCode } = error as { code?: unknown; responseCode?: unknown };
  const codes = [code, responseCode].filter(
    (value) => typeof value === 'string' || typeof value === 'number',
  );
  return codes.length > 0 ? `${error.name} (${codes.join(', ')})` : error.name;
}
