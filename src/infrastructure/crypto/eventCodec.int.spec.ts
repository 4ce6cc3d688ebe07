import test from 'ava';
import { userStream } from '../../domain/index.js';
import { commandTestbed } from '../../../test/support/commandTestbed.js';

const password = 'correct horse battery';
const fromClient = { clientIp: '203.0.113.9', userAgent: 'curl/8' };

test('decoding gives the client IP and user agent back in clear, or leaves them out when not asked for', async (t) => {
  const { deps, commands, meta } = await commandTestbed(t);
  const user = await commands.registerUser({ email: 'grace@example.com', password }, meta(null, fromClient));
  const stored = await deps.store.readStream(userStream(user.userId));
  t.not(stored[0]!.metadata['clientIp'], fromClient.clientIp, 'stored encrypted');

  const [full] = await deps.codec.decodeAll(stored);
  t.like(full!.metadata, fromClient);
  t.is(full!.data['email'], 'grace@example.com');

  const [lean] = await deps.codec.decodeAll(stored, { clientDetails: false });
  t.false('clientIp' in lean!.metadata);
  t.false('userAgent' in lean!.metadata);
  t.is(lean!.data['email'], 'grace@example.com', 'the payload is still decrypted');
  t.is(lean!.metadata['correlationId'], full!.metadata['correlationId']);
});
