import { parseArgs } from 'node:util';
import { parseInstant } from '../src/audit/index.js';
import type { ReplayTarget } from '../src/audit/replayUsersReadModel.js';
import { defaultReplaySchema, replayUsersReadModel } from '../src/audit/replayUsersReadModel.js';
import { ConfigurationError, loadConfig } from '../src/config.js';
import { createLogger } from '../src/infrastructure/logging/logger.js';
import { buildInfrastructure } from '../src/main.js';

const usage = 'usage: npm run replay -- --to <global position | RFC 3339 time> [--schema <name>]';

/**
 * `npm run replay -- --to <position | time>`: rebuilds the users read model as it was at that
 * point into a new schema (default `replay_<UTC date>_<time>`), beside the live one, and prints
 * where. Query it like the live table: `select * from replay_20260131_090000.users`.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { to: { type: 'string' }, schema: { type: 'string' } } });
  const target = targetOf(values.to);
  if (!target) {
    console.error(usage);
    return 64;
  }
  const config = loadConfig(process.env);
  const log = createLogger(config.logLevel);
  const infra = await buildInfrastructure(config, log);
  try {
    const schema = values.schema ?? defaultReplaySchema(new Date());
    const result = await replayUsersReadModel(
      { pool: infra.pool, store: infra.store, codec: infra.codec, log },
      schema,
      target,
    );
    console.log(
      `users read model as of ${'position' in target ? `position ${target.position}` : target.time.toISOString()} ` +
        `replayed into ${result.schema}.users: ${result.events} events, ${result.accounts} accounts ` +
        `(+${result.deletedAccounts} deleted), last position ${result.lastPosition}`,
    );
    return 0;
  } finally {
    await infra.close();
  }
}

function targetOf(to: string | undefined): ReplayTarget | null {
  if (to === undefined) return null;
  if (/^\d+$/.test(to)) return { position: BigInt(to) };
  const time = parseInstant(to);
  return time ? { time } : null;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigurationError ? error.message : error);
    process.exit(error instanceof ConfigurationError ? 78 : 1);
  },
);
