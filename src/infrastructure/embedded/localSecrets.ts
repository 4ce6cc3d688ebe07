import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Secrets for the embedded default only: generated on first start and kept under the data folder
 * (mode 0600), so `npm start` needs no configuration and tokens survive a restart. Production
 * configuration must supply them through the environment (loadConfig enforces it).
 */
export type LocalSecrets = {
  jwtSecret: string;
  dataKeyEncryptionKey: string;
  emailHashKey: string;
  databasePassword: string;
};

export async function loadOrCreateLocalSecrets(dataDir: string): Promise<LocalSecrets> {
  const path = join(dataDir, 'secrets.json');
  try {
    return JSON.parse(await readFile(path, 'utf8')) as LocalSecrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secrets: LocalSecrets = {
    jwtSecret: randomBytes(48).toString('base64url'),
    dataKeyEncryptionKey: randomBytes(32).toString('base64'),
    emailHashKey: randomBytes(32).toString('base64'),
    databasePassword: randomBytes(24).toString('base64url'),
  };
  await mkdir(dataDir, { recursive: true });
  await writeFile(path, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: 'wx' });
  return secrets;
}
