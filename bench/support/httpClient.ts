import { Agent, request } from 'node:http';

/**
 * The few HTTP calls the benches make, through the same client in every measurement: node:http over
 * kept-alive connections. The load runs on the cores it measures, so the client should cost as
 * little as a client can. fetch (undici's WHATWG streams) cost about 0.26 ms more CPU per request
 * here, which a client on another machine would not take from the server's cores, and which
 * diluted every ratio against the bare route.
 */
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

type Response = { status: number; body: Buffer };

export async function postJson<T>(base: string, path: string, body: unknown, token?: string): Promise<T> {
  return sendJson<T>('POST', `${base}${path}`, body, token);
}

export async function putJson<T>(base: string, path: string, body: unknown, token?: string): Promise<T> {
  return sendJson<T>('PUT', `${base}${path}`, body, token);
}

async function sendJson<T>(method: string, url: string, body: unknown, token?: string): Promise<T> {
  const response = await send(method, url, 'application/json', JSON.stringify(body), token);
  if (response.status >= 300) throw new Error(`${url}: ${response.status} ${response.body.toString()}`);
  return JSON.parse(response.body.toString()) as T;
}

/** The OAuth2 password form; the access token. */
export async function logIn(base: string, email: string, password: string): Promise<string> {
  const form = new URLSearchParams({ username: email, password }).toString();
  const response = await send('POST', `${base}/login/`, 'application/x-www-form-urlencoded', form);
  if (response.status !== 200) throw new Error(`login: ${response.status}`);
  return (JSON.parse(response.body.toString()) as { access_token: string }).access_token;
}

/** A GET whose body is read and dropped. */
export async function getAndDrop(url: string, token?: string): Promise<void> {
  const response = await send('GET', url, null, null, token);
  if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
}

function send(
  method: string,
  url: string,
  contentType: string | null,
  body: string | null,
  token?: string,
): Promise<Response> {
  const headers: Record<string, string | number> = {};
  if (contentType !== null && body !== null) {
    headers['Content-Type'] = contentType;
    headers['Content-Length'] = Buffer.byteLength(body);
  }
  if (token) headers.Authorization = `Bearer ${token}`;
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method, headers, agent }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body: Buffer.concat(chunks) }));
      incoming.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body ?? undefined);
  });
}
