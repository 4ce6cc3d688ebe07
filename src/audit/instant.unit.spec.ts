import test from 'ava';
import { parseInstant } from './instant.js';

test('RFC 3339 instants with Z or an offset parse to the same moment', (t) => {
  t.is(parseInstant('2026-01-31T09:00:00Z')?.toISOString(), '2026-01-31T09:00:00.000Z');
  t.is(parseInstant('2026-01-31T11:00:00.250+02:00')?.toISOString(), '2026-01-31T09:00:00.250Z');
  t.is(parseInstant('2026-01-31t09:00:00z')?.toISOString(), '2026-01-31T09:00:00.000Z');
});

test('anything else is refused rather than guessed', (t) => {
  for (const text of [
    'yesterday',
    '2026-01-31',
    '2026-01-31T09:00:00',
    '2026-01-31 09:00:00 02:00',
    '2026-02-30T09:00:00Z',
    '2026-01-31T24:00:00Z',
    '1769850000',
  ]) {
    t.is(parseInstant(text), null, text);
  }
});
