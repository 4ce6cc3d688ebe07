import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../src/config.js';
import { loadConfig } from '../../src/config.js';
import type { Application, ServiceOptions } from '../../src/main.js';
import { buildApplication } from '../../src/main.js';
import { freshDatabase } from '../../test/support/freshDatabase.js';

const silent = { info: () => {}, warn: () => {}, error: () => {} };

export type BenchApplication = { app: Application; config: Config; base: string; close(): Promise<void> };

/**
 * The whole service on a fresh database, listening on a free port, with nothing measured that the
 * bench does not ask for: no rate limit, no log lines, no email pipeline (and so no mail files).
 */
export async function benchApplication(options: ServiceOptions = {}): Promise<BenchApplication> {
  const db = await freshDatabase({ maxPoolSize: 12 });
  const dataDir = await mkdtemp(join(tmpdir(), 'user-ledger-bench-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    DATA_DIR: dataDir,
    JWT_SECRET_KEY: randomBytes(32).toString('base64url'),
    DATA_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    EMAIL_HASH_KEY: randomBytes(32).toString('base64'),
    RATE_LIMIT_PER_MINUTE: '0',
    EMAIL_IN_PROCESS: 'false',
  });
  const app = await buildApplication(config, silent, options);
  const server = app.http.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    app,
    config,
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await app.close();
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
