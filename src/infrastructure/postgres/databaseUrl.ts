/**
 * DATABASE_URL is read twice: by slonik (the pools) and by pg (the LISTEN connections), whose parsers
 * differ where libpq's conventions go beyond a plain URL. Here the URL is checked once, at start-up,
 * and rewritten for slonik so that both connect the way libpq would.
 */

/** What slonik can do with TLS: disable, no-verify, require (Node's TLS, certificate and host name verified). */
const sslModes: Record<string, string> = {
  disable: 'disable',
  'no-verify': 'no-verify',
  require: 'require',
  // libpq's strictest mode is what slonik's (and pg's) `require` already does.
  'verify-full': 'require',
};

/** Why slonik and pg could not read `url` alike, or null. */
export function databaseUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  const sslMode = parsed.searchParams.get('sslmode');
  if (sslMode !== null && !(sslMode in sslModes)) {
    return (
      `sslmode=${sslMode} is not supported: use require or verify-full (TLS, certificate and host ` +
      'name verified), no-verify (TLS, unverified) or disable'
    );
  }
  return null;
}

/**
 * `url` as slonik reads it the way libpq does: a `host` parameter (a socket directory, say) wins over
 * the host part, which slonik would otherwise connect to instead; `sslmode=verify-full` is its `require`.
 */
export function slonikDatabaseUrl(url: string): string {
  const parsed = new URL(url);
  const host = parsed.searchParams.get('host');
  if (host && parsed.hostname) {
    parsed.hostname = encodeURIComponent(host);
    parsed.searchParams.delete('host');
  }
  const sslMode = parsed.searchParams.get('sslmode');
  if (sslMode !== null && sslModes[sslMode]) parsed.searchParams.set('sslmode', sslModes[sslMode]);
  return parsed.toString();
}
