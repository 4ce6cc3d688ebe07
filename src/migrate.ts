import { ConfigurationError, loadConfig } from './config.js';
import { migrate } from './infrastructure/postgres/migrate.js';
import { createPool } from './infrastructure/postgres/pool.js';

/** `npm run migrate`: applies pending migrations to DATABASE_URL once, then exits (compose runs it before the API). */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (!config.databaseUrl) throw new ConfigurationError(['DATABASE_URL: required to run migrations']);
  const pool = await createPool(config.databaseUrl);
  try {
    const applied = await migrate(pool);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'nothing to apply');
  } finally {
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigurationError ? error.message : error);
  process.exit(1);
});
