import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { freshDatabase } from '../support/freshDatabase.js';
import { freePort, startServer } from '../support/runningServer.js';

test.serial(
  'with no configuration the service starts an embedded PostgreSQL, migrates and serves',
  async (t) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'user-ledger-'));
    // The embedded server runs as an unprivileged user when we are root: it must reach its folder.
    await chmod(dataDir, 0o755);
    t.teardown(() => rm(dataDir, { recursive: true, force: true }));
    const server = await startServer(t, {
      DATA_DIR: dataDir,
      EMBEDDED_POSTGRES_PORT: String(await freePort()),
    });

    const health = await fetch(`${server.baseUrl}/healthz`);
    t.is(health.status, 200);
    t.deepEqual(await health.json(), { status: 'ok' });
    const ready = await fetch(`${server.baseUrl}/readyz`);
    t.is(ready.status, 200);
    const readiness = (await ready.json()) as { status: string; checks: object; lag: Record<string, number> };
    t.like(readiness, { status: 'ok', checks: { database: 'ok', eventStore: 'ok' } });
    t.is(readiness.lag['users-read-model'], 0);
    t.is((await stat(join(dataDir, 'postgres', 'PG_VERSION'))).isFile(), true);
    t.is((await stat(join(dataDir, 'secrets.json'))).mode & 0o777, 0o600);
    t.is(await server.stop(), 0);
  },
);

test.serial(
  'with DATABASE_URL it uses that server and publishes its OpenAPI document and docs',
  async (t) => {
    const db = await freshDatabase();
    t.teardown(db.drop);
    const dataDir = await mkdtemp(join(tmpdir(), 'user-ledger-'));
    t.teardown(() => rm(dataDir, { recursive: true, force: true }));
    const server = await startServer(t, { DATABASE_URL: db.url, DATA_DIR: dataDir });

    const document = (await (await fetch(`${server.baseUrl}/openapi.json`)).json()) as { paths: object };
    t.true('/healthz' in document.paths);
    const docs = await fetch(`${server.baseUrl}/docs/`);
    t.is(docs.status, 200);
    t.regex(await docs.text(), /swagger-ui/i);
    const missing = await fetch(`${server.baseUrl}/no-such-route`);
    t.is(missing.status, 404);
    const body = (await missing.json()) as { detail: string; request_id: string };
    t.is(body.detail, 'Not Found');
    t.is(body.request_id, missing.headers.get('X-Request-Id') ?? 'missing');
    t.is(await server.stop(), 0);
  },
);

test.serial('a bad configuration stops start-up with a message naming the variable', async (t) => {
  const server = startServer(t, { MAX_LOGIN_ATTEMPTS: 'many' });
  const error = await t.throwsAsync(server);
  t.regex(error.message, /MAX_LOGIN_ATTEMPTS/);
});
