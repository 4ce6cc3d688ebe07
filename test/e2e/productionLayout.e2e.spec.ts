import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import test from 'ava';
import { freshDatabase } from '../support/freshDatabase.js';
import { startServer } from '../support/runningServer.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));

// The Dockerfile's last stage holds the compiled code, the templates and the production dependencies
// only (no dev, no optional ones). Docker cannot run on our machines, so the same layout is built
// here: a runtime import of a dev dependency would fail this test, not the first deployment.
test('the image layout, with production dependencies only, migrates, serves and registers', async (t) => {
  const app = await mkdtemp(join(tmpdir(), 'user-ledger-image-'));
  t.teardown(() => rm(app, { recursive: true, force: true }));
  for (const path of ['package.json', 'package-lock.json', 'dist', 'templates']) {
    await cp(join(root, path), join(app, path), { recursive: true });
  }
  await run(
    'npm',
    [
      'ci',
      '--omit=dev',
      '--omit=optional',
      '--ignore-scripts',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
    ],
    { cwd: app, timeout: 240_000 },
  );

  const db = await freshDatabase({ migrated: false });
  t.teardown(db.drop);
  const server = await startServer(
    t,
    {
      NODE_ENV: 'production',
      DATABASE_URL: db.url,
      DATA_DIR: join(app, 'data'),
      JWT_SECRET_KEY: randomBytes(32).toString('base64url'),
      DATA_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      EMAIL_HASH_KEY: randomBytes(32).toString('base64'),
      EMAIL_IN_PROCESS: 'false',
    },
    join(app, 'dist/src/server.js'),
  );

  const ready = await fetch(`${server.baseUrl}/readyz`);
  t.is(ready.status, 200);
  t.is((await fetch(`${server.baseUrl}/docs/`)).status, 200);
  const registered = await fetch(`${server.baseUrl}/register/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'first@example.com', password: 'correct horse battery' }),
  });
  t.is(registered.status, 200);
  t.is(await server.stop(), 0);
});
