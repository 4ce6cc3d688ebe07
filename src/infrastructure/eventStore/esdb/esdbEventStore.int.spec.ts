import test from 'ava';
import { runEventStoreContract } from '../eventStore.contract.js';
import { createEsdbEventStore } from './esdbEventStore.js';

const url = process.env['EVENTSTORE_URL'];

// Without a server the suite is registered as skipped, so the report says so instead of passing.
runEventStoreContract(url ? test : test.skip, async (t, { clock }) => {
  const store = createEsdbEventStore(url!, { clock });
  t.teardown(() => store.close());
  return store;
});
