import { randomBytes } from 'node:crypto';
import { FEED_TOKEN_SERVICE_NAME } from '../src/config.js';
import { feedTokenEntry, mintFeedToken } from '../src/http/feedTokens.js';

/**
 * `npm run feed:token -- <service>`: a new read-only token for the HTTP event feed. The token is
 * shown once and stored nowhere; the service keeps it, the API is configured with its hash only.
 */
const service = process.argv[2] ?? '';
if (!FEED_TOKEN_SERVICE_NAME.test(service) || process.argv.length > 3) {
  console.error('usage: npm run feed:token -- <service name: letters, digits, _ or ->');
  process.exit(2);
}
const token = mintFeedToken(randomBytes);
console.log(`Token for ${service} (shown only now; give it to the service as its bearer token):

  ${token}

Add this entry to EVENT_FEED_TOKENS (comma-separated, one entry per service) and restart the API:

  ${feedTokenEntry(service, token)}`);
