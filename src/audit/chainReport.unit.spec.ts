import test from 'ava';
import { chainReportLines } from './chainReport.js';

test('an intact store is reported in one line', (t) => {
  t.deepEqual(chainReportLines({ streams: 3, events: 12, broken: [] }), [
    '3 streams, 12 events checked: every hash chain holds.',
  ]);
});

test('each broken stream gets a line naming where and why, before the totals', (t) => {
  const lines = chainReportLines({
    streams: 3,
    events: 12,
    broken: [
      { streamId: 'user-a', revision: 2n, eventId: 'e-2', reason: 'hash-mismatch' },
      { streamId: 'user-b', revision: 5n, eventId: null, reason: 'missing-events' },
    ],
  });
  t.deepEqual(lines, [
    'BROKEN user-a at revision 2 (event e-2): hash-mismatch: the event, or the one before it, is not as it was appended',
    "BROKEN user-b at revision 5: missing-events: the stream's head is past its last stored event: its newest events are missing",
    '3 streams, 12 events checked: 2 broken.',
  ]);
});
