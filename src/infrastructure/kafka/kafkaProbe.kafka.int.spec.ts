import test from 'ava';
import { createKafkaProbe } from './kafkaProbe.js';

/** Against a real broker when KAFKA_BROKERS is set; reported as skipped otherwise, never as passed. */
const brokers = process.env['KAFKA_BROKERS']?.split(',').map((broker) => broker.trim());
const kafkaTest = brokers ? test : test.skip;

kafkaTest('the readiness probe finds a running broker reachable', async (t) => {
  const probe = createKafkaProbe({ brokers: brokers!, clientId: 'probe-spec' });
  t.teardown(() => probe.close());
  t.true(await probe.reachable());
  t.true(await probe.reachable(), 'a second probe reuses the connection');
});

test('the readiness probe answers false, within its timeout, when no broker listens', async (t) => {
  const probe = createKafkaProbe({ brokers: ['127.0.0.1:1'], clientId: 'probe-spec' });
  t.teardown(() => probe.close());
  t.false(await probe.reachable(2_000));
});
