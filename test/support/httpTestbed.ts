import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { ExecutionContext } from 'ava';
import { loadConfig } from '../../src/config.js';
import { createLinkTokens } from '../../src/infrastructure/crypto/linkTokens.js';
import type { Logger } from '../../src/infrastructure/logging/logger.js';
import { createLogger } from '../../src/infrastructure/logging/logger.js';
import { buildApplication } from '../../src/main.js';
import type { Application } from '../../src/main.js';
import { freshDatabase } from './freshDatabase.js';

export type HttpTestbed = {
  baseUrl: string;
  app: Application;
  /** What the email worker would put in the link: recomputed from the event, as it does. */
  linkToken(purpose: 'verify-email' | 'reset-password', userId: string, expiresAt: Date): string;
  call(method: string, path: string, options?: CallOptions): Promise<Answer>;
  logs: string[];
};

export type CallOptions = {
  token?: string;
  json?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
};
// The parsed JSON answer: its shape is exactly what each test asserts on.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Answer = { status: number; headers: Headers; body: any };

export type TestbedOptions = {
  /** Log as in production (pino, with the request log), into `logs`. */
  productionLogging?: boolean;
};

/**
 * The whole service in this process on a fresh database: real HTTP on port 0, real PostgreSQL,
 * the read-model projector running as in `npm start`.
 */
export async function httpTestbed(
  t: ExecutionContext,
  env: Record<string, string> = {},
  options: TestbedOptions = {},
): Promise<HttpTestbed> {
  // Few connections per test bed: a test file's beds run at once, and the server allows 100 in all.
  const db = await freshDatabase({ maxPoolSize: 1 });
  // Files the service may write (mail as .eml without SMTP) stay out of the working tree.
  const dataDir = await mkdtemp(join(tmpdir(), 'user-ledger-'));
  const emailHashKey = randomBytes(32);
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    JWT_SECRET_KEY: randomBytes(32).toString('base64url'),
    DATA_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    EMAIL_HASH_KEY: emailHashKey.toString('base64'),
    RATE_LIMIT_PER_MINUTE: '0',
    EMAIL_IN_PROCESS: 'false',
    DATABASE_POOL_SIZE: '3',
    DATA_DIR: dataDir,
    ...env,
  });
  const logs: string[] = [];
  const log: Logger = options.productionLogging
    ? createLogger('info', { write: (line) => void logs.push(line) })
    : {
        info: (message, details) => void logs.push(JSON.stringify({ message, ...details })),
        warn: (message, details) => void logs.push(JSON.stringify({ message, ...details })),
        error: (message, details) => void logs.push(JSON.stringify({ message, ...details })),
      };
  const app = await buildApplication(config, log, { fastPasswordHashing: true });
  const server = app.http.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(async () => {
    await new Promise((resolve) => server.close(resolve));
    await app.close();
    await db.drop();
    await rm(dataDir, { recursive: true, force: true });
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const links = createLinkTokens(emailHashKey);
  return {
    baseUrl,
    app,
    logs,
    linkToken: (purpose, userId, expiresAt) => links.issue(purpose, userId, expiresAt),
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) headers['Authorization'] = `Bearer ${options.token}`;
      let body: string | undefined;
      if (options.json !== undefined) {
        headers['Content-Type'] = 'application/json';
        body = JSON.stringify(options.json);
      } else if (options.form) {
        headers['Content-Type'] = 'application/x-www-form-urlencoded';
        body = new URLSearchParams(options.form).toString();
      }
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, headers: response.headers, body: parsed };
    },
  };
}
