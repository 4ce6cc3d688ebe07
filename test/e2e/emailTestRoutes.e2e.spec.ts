import test from 'ava';
import { startSmtpServer } from '../support/smtpServer.js';
import { httpTestbed } from '../support/httpTestbed.js';

const password = 'correct horse battery';

test('an ADMIN sends each of the three test emails through the configured SMTP server', async (t) => {
  const smtp = await startSmtpServer();
  t.teardown(() => smtp.stop());
  const bed = await httpTestbed(t, { SMTP_SERVER: '127.0.0.1', SMTP_PORT: String(smtp.port) });
  await bed.call('POST', '/register/', { json: { email: 'admin@example.com', password } });
  const token = (await bed.call('POST', '/login/', { form: { username: 'admin@example.com', password } }))
    .body.access_token as string;
  for (const kind of ['verification', 'account-locked', 'role-changed']) {
    const answer = await bed.call('POST', `/emails/test/${kind}`, { token, json: {} });
    t.is(answer.status, 202, kind);
    t.deepEqual(answer.body, { status: 'success' });
  }
  const other = await bed.call('POST', '/emails/test/verification', {
    token,
    json: { email: 'ops@example.com' },
  });
  t.is(other.status, 202);
  const mails = await smtp.waitForMessages(4);
  t.deepEqual(
    mails.map((mail) => mail.to),
    [['admin@example.com'], ['admin@example.com'], ['admin@example.com'], ['ops@example.com']],
  );
});

test('the test-email routes are for ADMINs only, and can be switched off', async (t) => {
  const bed = await httpTestbed(t, { EMAIL_TEST_ROUTES: 'false' });
  await bed.call('POST', '/register/', { json: { email: 'admin@example.com', password } });
  const token = (await bed.call('POST', '/login/', { form: { username: 'admin@example.com', password } }))
    .body.access_token as string;
  t.is((await bed.call('POST', '/emails/test/verification', { json: {} })).status, 401);
  t.is((await bed.call('POST', '/emails/test/verification', { token, json: {} })).status, 404);
});
