import { createSecretKey } from 'node:crypto';
import type { DatabasePool } from 'slonik';
import { z } from 'zod';
import { sql } from '../postgres/sql.js';
import type { KeyEncryptionKeys } from './dataKeyStore.js';
import { unwrapperFor } from './dataKeyStore.js';
import { wrapKey } from './fieldCipher.js';

const BATCH = 500;
const wrappedRow = z.object({ subjectId: z.string(), wrappedKey: z.instanceof(Buffer) });

export type RewrapReport = { examined: number; rewrapped: number };

/**
 * Second half of a key-encryption key rotation: every data key still wrapped with the previous key
 * is wrapped again with the current one, so the previous key can then be dropped. The data keys
 * themselves do not change, so no event or snapshot is touched. Each row is replaced only if it still
 * holds the bytes that were read: a key destroyed meanwhile stays destroyed. Running it again
 * rewraps nothing.
 */
export async function rewrapDataKeys(pool: DatabasePool, keys: KeyEncryptionKeys): Promise<RewrapReport> {
  const unwrap = unwrapperFor(keys);
  const current = createSecretKey(keys.current);
  const report: RewrapReport = { examined: 0, rewrapped: 0 };
  let after = '';
  for (;;) {
    const rows = await pool.any(sql.type(wrappedRow)`
      select subject_id as "subjectId", wrapped_key as "wrappedKey" from data_keys
      where subject_id > ${after} and wrapped_key is not null
      order by subject_id limit ${BATCH}
    `);
    for (const { subjectId, wrappedKey } of rows) {
      report.examined += 1;
      const { key, wrappedWith } = unwrap(wrappedKey);
      if (wrappedWith === 'current') continue;
      const rewrapped = wrapKey(current, key.export());
      const changed = await pool.query(sql.typeAlias('void')`
        update data_keys set wrapped_key = ${sql.binary(rewrapped)}
        where subject_id = ${subjectId} and wrapped_key = ${sql.binary(wrappedKey)}
      `);
      report.rewrapped += changed.rowCount;
    }
    if (rows.length < BATCH) return report;
    after = rows.at(-1)!.subjectId;
  }
}
