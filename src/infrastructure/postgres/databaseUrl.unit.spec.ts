import test from 'ava';
import { databaseUrlProblem, slonikDatabaseUrl } from './databaseUrl.js';

test('a plain URL is left as it is', (t) => {
  const url = 'postgres://ledger:secret@db.internal:5432/ledger';
  t.is(databaseUrlProblem(url), null);
  t.is(slonikDatabaseUrl(url), url);
});

test('a host parameter wins over the host part, as in libpq: slonik would connect to the host part', (t) => {
  t.is(
    slonikDatabaseUrl('postgres://ledger@localhost:5432/ledger?host=/var/run/postgresql'),
    'postgres://ledger@%2Fvar%2Frun%2Fpostgresql:5432/ledger',
  );
});

test("sslmode=verify-full is accepted and becomes slonik's require, which verifies the same", (t) => {
  const url = 'postgresql://ledger@db.example.com/ledger?sslmode=verify-full&application_name=ledger';
  t.is(databaseUrlProblem(url), null);
  t.is(
    slonikDatabaseUrl(url),
    'postgresql://ledger@db.example.com/ledger?sslmode=require&application_name=ledger',
  );
});

test('the TLS modes slonik cannot honour are refused with the ones to use instead', (t) => {
  for (const mode of ['prefer', 'allow', 'verify-ca']) {
    t.regex(
      databaseUrlProblem(`postgres://db/ledger?sslmode=${mode}`) ?? '',
      new RegExp(`^sslmode=${mode} is not supported: use require or verify-full`),
    );
  }
  for (const mode of ['disable', 'no-verify', 'require'])
    t.is(databaseUrlProblem(`postgres://db/ledger?sslmode=${mode}`), null);
});
