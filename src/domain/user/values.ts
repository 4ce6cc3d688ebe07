import { z } from 'zod';

export const roleSchema = z.enum(['ADMIN', 'MANAGER', 'AUTHENTICATED', 'ANONYMOUS']);
export type Role = z.infer<typeof roleSchema>;

/** Who issues a command; null for an anonymous caller (registration, login, token links). */
export const actorSchema = z.object({ id: z.string().min(1), role: roleSchema }).nullable();
export type Actor = z.infer<typeof actorSchema>;

export const userIdSchema = z.uuid();

// Formats as stored in events: already normalised, so event schemas stay free of transforms (JSON Schema export).
export const emailFormat = z.email().max(254);
export const nicknameFormat = z
  .string()
  .regex(/^[A-Za-z0-9._-]{3,32}$/, 'a nickname is 3 to 32 letters, digits, dots, dashes or underscores');
export const nameFormat = z.string().min(1).max(100);
export const bioFormat = z.string().max(500);
export const webUrlFormat = z.url({ protocol: /^https?$/ }).max(255);
export const isoDateTime = z.iso.datetime();

/**
 * What new text must also be, beyond its stored format: well-formed Unicode (no lone surrogate, which
 * PostgreSQL would store as U+FFFD) without control characters (NUL, which no PostgreSQL text column
 * can hold, terminal escapes, DEL). Only a bio keeps tabs and line breaks; a URL has no blank either.
 * Checked on input rather than in the event formats, so that no event already stored stops parsing.
 */
const singleLineText = /^[^\p{Cc}\p{Cs}]*$/u;
const multiLineText = /^(?:[\t\n\r]|[^\p{Cc}\p{Cs}])*$/u;
const urlText = /^[^\s\p{Cc}\p{Cs}]*$/u;

// Inputs as commands carry them: trimmed (and lower-cased for email) before the format check.
export const emailInput = z.string().trim().toLowerCase().pipe(emailFormat);
/** An address as emailInput keeps it, for comparing one a caller typed with a stored one. */
export const normalizedEmail = (email: string): string => email.trim().toLowerCase();
export const nicknameInput = z.string().trim().pipe(nicknameFormat);
export const nameInput = z
  .string()
  .trim()
  .pipe(nameFormat.regex(singleLineText, 'must not contain control characters or line breaks'));
export const bioInput = z
  .string()
  .trim()
  .pipe(
    bioFormat.regex(multiLineText, 'must not contain control characters other than tabs and line breaks'),
  );
export const webUrlInput = z
  .string()
  .trim()
  .pipe(webUrlFormat.regex(urlText, 'must not contain blanks or control characters'));

/** A single-use token as the domain knows it: only the hash of what was mailed, and when it stops working. */
export const pendingTokenInput = z.object({ tokenHash: z.string().min(16), expiresAt: z.date() });
export type PendingTokenInput = z.infer<typeof pendingTokenInput>;

export const profileFieldNames = [
  'firstName',
  'lastName',
  'bio',
  'profilePictureUrl',
  'githubProfileUrl',
  'linkedinProfileUrl',
] as const;
export type ProfileFieldName = (typeof profileFieldNames)[number];
export type Profile = Record<ProfileFieldName, string | null>;

/** The lock-out rule, from configuration. A null lockDurationMs locks until an admin or a password reset unlocks. */
export const loginPolicySchema = z.object({
  maxLoginAttempts: z.int().min(1),
  lockDurationMs: z.int().min(1).nullable(),
});
export type LoginPolicy = z.infer<typeof loginPolicySchema>;
