import type { Server } from 'node:http';
import { ConfigurationError, loadConfig } from './config.js';
import { createLogger } from './infrastructure/logging/logger.js';
import { buildApplication } from './main.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const log = createLogger(config.logLevel);
  const app = await buildApplication(config, log);
  const server: Server = app.http.listen(config.http.port, config.http.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.http.port;
    const base = `http://${config.http.host}:${port}`;
    log.info('listening', { api: base, docs: `${base}/docs`, health: `${base}/healthz` });
    console.log(`User Ledger is listening on ${base} (API docs: ${base}/docs)`);
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    // Stop accepting, let in-flight requests finish, and drop idle keep-alive connections now
    // rather than after their timeout.
    app.http.locals.draining = true;
    // Open Server-Sent Event streams would hold server.close() until their next heartbeat.
    void app.services.eventFeed.close();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await closed;
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigurationError) {
    console.error(error.message);
    process.exit(78);
  }
  console.error(error);
  process.exit(1);
});
