import { AsyncLocalStorage } from 'node:async_hooks';
import { createSecretKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { DatabasePool } from 'slonik';
import { z } from 'zod';
import { sql } from '../postgres/sql.js';
import { generateDataKey, unwrapKey, wrapKey } from './fieldCipher.js';

/**
 * Per-subject data keys for crypto-shredding, kept outside the event log. Deleting a subject's
 * key makes every encrypted personal field of that subject unreadable, in the store, in
 * snapshots and in any replay, while the events themselves (and their hash chain) stay intact.
 */
export type DataKeyStore = {
  /** The subject's key, created on first use. Refuses to recreate a destroyed key. */
  keyFor(subjectId: string): Promise<KeyObject>;
  /** The subject's key, or null once it has been destroyed (or never existed). */
  find(subjectId: string): Promise<KeyObject | null>;
  /** find for several subjects in one statement (a batch of events of many accounts). */
  findAll(subjectIds: Iterable<string>): Promise<Map<string, KeyObject | null>>;
  /**
   * The subject's key as another statement read it from the key table (its wrapped bytes, null when
   * destroyed or missing): unwrapped, and remembered like find's.
   */
  adopt(subjectId: string, wrappedKey: Buffer | null): KeyObject | null;
  destroy(subjectId: string): Promise<void>;
  /**
   * Runs `work` remembering the keys it looks up until it ends, so a command that loads a stream
   * and then appends to it fetches the key once. Nothing is remembered beyond `work`.
   */
  remembering<T>(work: () => Promise<T>): Promise<T>;
};

export class DataKeyDestroyedError extends Error {
  constructor(readonly subjectId: string) {
    super(`the data key of ${subjectId} was destroyed; its personal data is erased`);
    this.name = 'DataKeyDestroyedError';
  }
}

const keyRow = z.object({ wrappedKey: z.instanceof(Buffer).nullable() });
const subjectKeyRow = keyRow.extend({ subjectId: z.string() });

/**
 * The key-encryption keys: new data keys are wrapped with the current one; during a rotation, keys
 * still wrapped with the previous one unwrap with it until `rewrapDataKeys` has moved them all.
 */
export type KeyEncryptionKeys = { current: Buffer; previous?: Buffer | null };

export function createPostgresDataKeyStore(
  pool: DatabasePool,
  keyEncryptionKeys: KeyEncryptionKeys,
): DataKeyStore {
  const keyEncryptionKey = createSecretKey(keyEncryptionKeys.current);
  const unwrap = unwrapperFor(keyEncryptionKeys);
  // No cache beyond one unit of work: another process may destroy a key, and erasure must hold at once.
  const remembered = new AsyncLocalStorage<Map<string, KeyObject>>();

  async function find(subjectId: string): Promise<KeyObject | null> {
    return (await findAll([subjectId])).get(subjectId) ?? null;
  }

  async function findAll(subjectIds: Iterable<string>): Promise<Map<string, KeyObject | null>> {
    const found = new Map<string, KeyObject | null>();
    const missing: string[] = [];
    for (const subjectId of new Set(subjectIds)) {
      const known = remembered.getStore()?.get(subjectId);
      if (known) found.set(subjectId, known);
      else missing.push(subjectId);
    }
    if (missing.length === 0) return found;
    const rows = await pool.any(sql.prepared('data_keys_find_all', subjectKeyRow)`
      select subject_id as "subjectId", wrapped_key as "wrappedKey" from data_keys
      where subject_id = any(${sql.array(missing, 'text')})
    `);
    for (const subjectId of missing) found.set(subjectId, null);
    for (const row of rows) found.set(row.subjectId, adopt(row.subjectId, row.wrappedKey));
    return found;
  }

  function adopt(subjectId: string, wrappedKey: Buffer | null): KeyObject | null {
    if (!wrappedKey) return null;
    const key = unwrap(wrappedKey).key;
    remembered.getStore()?.set(subjectId, key);
    return key;
  }

  return {
    find,
    findAll,
    adopt,
    async keyFor(subjectId) {
      const existing = await find(subjectId);
      if (existing) return existing;
      const wrapped = wrapKey(keyEncryptionKey, generateDataKey());
      // A concurrent creator may win; the row that stays is the one everybody then reads.
      const row = await pool.one(
        sql.type(keyRow)`
          insert into data_keys (subject_id, wrapped_key) values (${subjectId}, ${sql.binary(wrapped)})
          on conflict (subject_id) do update set subject_id = excluded.subject_id
          returning wrapped_key as "wrappedKey"`,
      );
      const key = adopt(subjectId, row.wrappedKey);
      if (!key) throw new DataKeyDestroyedError(subjectId);
      return key;
    },
    remembering: (work) => remembered.run(new Map(), work),
    async destroy(subjectId) {
      remembered.getStore()?.delete(subjectId);
      // The row stays as a tombstone (wrapped_key null) so the key can never silently be recreated.
      await pool.query(
        sql.typeAlias('void')`
          insert into data_keys (subject_id, wrapped_key, destroyed_at) values (${subjectId}, null, now())
          on conflict (subject_id) do update set wrapped_key = null, destroyed_at = now()`,
      );
    },
  };
}

/** Unwraps with the current key-encryption key, else the previous one, saying which one it was. */
export function unwrapperFor({ current, previous = null }: KeyEncryptionKeys) {
  const currentKey = createSecretKey(current);
  const previousKey = previous ? createSecretKey(previous) : null;
  return (wrapped: Buffer): { key: KeyObject; wrappedWith: 'current' | 'previous' } => {
    try {
      return { key: unwrapKey(currentKey, wrapped), wrappedWith: 'current' };
    } catch (error) {
      // GCM authenticates: a key wrapped with another key-encryption key fails here, never silently.
      if (!previousKey) throw error;
      return { key: unwrapKey(previousKey, wrapped), wrappedWith: 'previous' };
    }
  };
}
