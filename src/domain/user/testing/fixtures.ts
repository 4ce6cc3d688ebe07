import type { PendingTokenInput, Role } from '../values.js';

export const NOW = new Date('2030-01-01T12:00:00.000Z');
/** A session of a persona's (one sign-in). */
export const SESSION_ID = '7f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b';
export const minutesAfter = (minutes: number, from: Date = NOW): Date =>
  new Date(from.getTime() + minutes * 60_000);
export const iso = (date: Date): string => date.toISOString();

export type Persona = { id: string; email: string; nickname: string; passwordHash: string };

const persona = (n: number, name: string): Persona => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  email: `${name}@example.com`,
  nickname: name,
  passwordHash: `$argon2id$v=19$m=65536,t=3,p=4$${name}`,
});

export const alice = persona(1, 'alice');
export const bob = persona(2, 'bob');
export const carol = persona(3, 'carol');

export const actor = (who: Persona, role: Role) => ({ id: who.id, role });
/** Staff actors who are not the account under test. */
export const anAdmin = { id: '00000000-0000-4000-8000-00000000ad01', role: 'ADMIN' } as const;
export const aManager = { id: '00000000-0000-4000-8000-00000000aa02', role: 'MANAGER' } as const;
export const someoneElse = { id: '00000000-0000-4000-8000-00000000bb03', role: 'AUTHENTICATED' } as const;

export const verificationToken: PendingTokenInput = {
  tokenHash: 'v'.repeat(64),
  expiresAt: minutesAfter(60),
};
export const resetToken: PendingTokenInput = { tokenHash: 'r'.repeat(64), expiresAt: minutesAfter(30) };
export const otherToken: PendingTokenInput = { tokenHash: 'o'.repeat(64), expiresAt: minutesAfter(60) };

export const policy = { maxLoginAttempts: 3, lockDurationMs: 15 * 60_000 };
