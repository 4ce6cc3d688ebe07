/** The few HTTP calls the benches make, through the same fetch client in every measurement. */

export const postJson = <T>(base: string, path: string, body: unknown, token?: string): Promise<T> =>
  sendJson<T>('POST', base, path, body, token);

export const putJson = <T>(base: string, path: string, body: unknown, token?: string): Promise<T> =>
  sendJson<T>('PUT', base, path, body, token);

async function sendJson<T>(method: string, base: string, path: string, body: unknown, token?: string) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** The OAuth2 password form; the access token. */
export async function logIn(base: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${base}/login/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: email, password }),
  });
  if (!response.ok) throw new Error(`login: ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** A GET whose body is read and dropped. */
export async function getAndDrop(url: string, token?: string): Promise<void> {
  const response = await fetch(url, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  await response.arrayBuffer();
}
