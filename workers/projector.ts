import { ConfigurationError, loadConfig } from '../src/config.js';
import { createLogger } from '../src/infrastructure/logging/logger.js';
import { buildInfrastructure } from '../src/main.js';
import type { ProjectionDeps } from '../src/projections/index.js';
import { liveProjector, rebuildReadModel, runProjector, usersReadModel } from '../src/projections/index.js';

/**
 * `node dist/workers/projector.js` keeps the users read model up to date until SIGTERM/SIGINT.
 * `node dist/workers/projector.js rebuild` rebuilds it from the start beside the live one, swaps it
 * in, and exits; a running projector picks up from the swapped-in position by itself.
 */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const log = createLogger(config.logLevel);
  const infra = await buildInfrastructure(config, log);
  const deps: ProjectionDeps = { pool: infra.pool, store: infra.store, codec: infra.codec, log };

  if (process.argv.slice(2).includes('rebuild')) {
    try {
      const { position } = await rebuildReadModel(deps, usersReadModel);
      console.log(`${usersReadModel.name} rebuilt up to position ${position}`);
    } finally {
      await infra.close();
    }
    return;
  }

  const runner = runProjector(deps, liveProjector(usersReadModel));
  log.info('projector started', { projector: usersReadModel.name });
  const shutdown = async (signal: string) => {
    log.info('projector stopping', { signal });
    await runner.stop();
    await infra.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  // The runner has logged why; a supervisor restarts us from the checkpoint.
  runner.done.catch(async () => {
    await infra.close().catch(() => undefined);
    process.exit(1);
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigurationError ? error.message : error);
  process.exit(error instanceof ConfigurationError ? 78 : 1);
});
