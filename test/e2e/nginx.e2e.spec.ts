import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { httpTestbed } from '../support/httpTestbed.js';
import { freePort } from '../support/runningServer.js';

const nginxBinary = ['/usr/sbin/nginx', '/usr/local/sbin/nginx'].find(
  (path) => spawnSync(path, ['-v']).status === 0,
);
const configFile = fileURLToPath(new URL('../../../nginx/nginx.conf', import.meta.url));
const nginxTest = nginxBinary ? test.serial : test.skip;
const password = 'correct horse battery';

nginxTest('nginx passes every status, body and WWW-Authenticate through unchanged', async (t) => {
  const bed = await httpTestbed(t);
  const apiPort = new URL(bed.baseUrl).port;
  const proxyPort = await freePort();
  const directory = await mkdtemp(join(tmpdir(), 'nginx-'));
  t.teardown(() => rm(directory, { recursive: true, force: true }));
  const config = (await readFile(configFile, 'utf8'))
    .replace('server api:8000;', `server 127.0.0.1:${apiPort};`)
    .replace('listen 80;', `listen 127.0.0.1:${proxyPort};`);
  await writeFile(join(directory, 'nginx.conf'), config);
  const nginx = spawn(
    nginxBinary!,
    ['-p', directory, '-c', join(directory, 'nginx.conf'), '-g', 'daemon off;'],
    {
      stdio: 'ignore',
    },
  );
  t.teardown(async () => {
    nginx.kill('SIGQUIT');
    await once(nginx, 'exit');
  });
  const proxied = `http://127.0.0.1:${proxyPort}`;
  await waitUntilAnswering(`${proxied}/healthz`);

  await fetch(`${bed.baseUrl}/register/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'admin@example.com', password }),
  });
  const adminToken = await token(proxied, 'admin@example.com');
  await fetch(`${bed.baseUrl}/users/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({ email: 'user@example.com', password, email_verified: true }),
  });
  const userToken = await token(proxied, 'user@example.com');
  const cases: { path: string; init?: RequestInit; status: number }[] = [
    { path: '/healthz', status: 200 },
    { path: '/users/', status: 401 },
    { path: '/users/', init: { headers: { Authorization: 'Bearer nope' } }, status: 401 },
    { path: '/users/', init: { headers: { Authorization: `Bearer ${userToken}` } }, status: 403 },
    {
      path: '/users/0b5c7a36-3a52-4b39-9b43-0d1f1d0b6a11',
      init: { headers: { Authorization: `Bearer ${adminToken}` } },
      status: 404,
    },
    {
      path: '/register/',
      init: { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"email":"x"}' },
      status: 422,
    },
  ];
  for (const { path, init, status } of cases) {
    const [direct, viaProxy] = await Promise.all([
      fetch(`${bed.baseUrl}${path}`, init),
      fetch(`${proxied}${path}`, init),
    ]);
    t.is(viaProxy.status, status, path);
    t.is(viaProxy.status, direct.status, path);
    t.is(viaProxy.headers.get('WWW-Authenticate'), direct.headers.get('WWW-Authenticate'), path);
    const [directBody, proxiedBody] = [await direct.json(), await viaProxy.json()] as { detail?: unknown }[];
    t.deepEqual(proxiedBody?.detail, directBody?.detail, path);
  }
  t.is((await fetch(`${bed.baseUrl}/metrics`)).status, 200, 'served to whoever reaches the API itself');
  for (const path of ['/metrics', '/metrics/', '/Metrics', '/metrics?format=text']) {
    t.is((await fetch(`${proxied}${path}`)).status, 404, `${path} is not served to the public`);
  }
});

async function token(base: string, email: string): Promise<string> {
  const response = await fetch(`${base}/login/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: email, password }),
  });
  if (!response.ok) throw new Error(`login ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

async function waitUntilAnswering(url: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${url} never answered`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
