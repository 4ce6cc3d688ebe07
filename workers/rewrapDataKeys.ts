import { loadConfig } from '../src/config.js';
import { rewrapDataKeys } from '../src/infrastructure/crypto/rewrapDataKeys.js';
import { createLogger } from '../src/infrastructure/logging/logger.js';
import { buildInfrastructure } from '../src/main.js';
import { runToExit } from './runToExit.js';

/**
 * `npm run keys:rewrap`: after DATA_KEY_ENCRYPTION_KEY was replaced (the old value moved to
 * DATA_KEY_PREVIOUS_ENCRYPTION_KEY), wraps every data key still under the old one with the new one.
 * Safe to run while the service runs, and again. Once it reports the rest, drop the previous key.
 */
async function main(): Promise<number> {
  const config = loadConfig(process.env);
  if (!config.secrets.previousDataKeyEncryptionKey) {
    console.error('DATA_KEY_PREVIOUS_ENCRYPTION_KEY is not set: there is no rotation to finish.');
    return 78;
  }
  const infra = await buildInfrastructure(config, createLogger(config.logLevel));
  try {
    const report = await rewrapDataKeys(infra.pool, {
      current: infra.secrets.dataKeyEncryptionKey,
      previous: config.secrets.previousDataKeyEncryptionKey,
    });
    console.log(
      `${report.rewrapped} of ${report.examined} data keys rewrapped with the current key-encryption key; ` +
        'DATA_KEY_PREVIOUS_ENCRYPTION_KEY can now be removed.',
    );
    return 0;
  } finally {
    await infra.close();
  }
}

runToExit(main);
