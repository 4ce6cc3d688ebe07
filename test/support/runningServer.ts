import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { ExecutionContext } from 'ava';

const serverEntry = fileURLToPath(new URL('../../src/server.js', import.meta.url));

export type RunningServer = { baseUrl: string; output: () => string; stop: () => Promise<number | null> };

/**
 * Starts the real entry point (`node dist/src/server.js`, or `entry`) as a child process and waits
 * for it to listen.
 */
export async function startServer(
  t: ExecutionContext,
  env: Record<string, string>,
  entry: string = serverEntry,
): Promise<RunningServer> {
  const child = spawn(process.execPath, [entry], {
    env: { PATH: process.env['PATH'] ?? '', PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = once(child, 'exit') as Promise<[number | null]>;
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    const [code] = await exited;
    return code;
  };
  t.teardown(async () => void (await stop()));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+) /.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(([code]) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return { baseUrl, output: () => output, stop };
}

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}
