import test from 'ava';
import { sql } from '../infrastructure/postgres/sql.js';
import type { ProjectedStatement } from './projector.js';
import { joinsWave, MAX_WAVE, waveStatement } from './statementWaves.js';

const change = (target: string, bio = 'Hello'): ProjectedStatement => ({
  shape: 'users_update',
  target,
  statement: sql.fragment`update users set bio = ${bio} where id = ${target}`,
});

test('a wave takes a change of a row it does not change yet', (t) => {
  t.true(joinsWave([change('a'), change('b')], change('c')));
});

test("a wave refuses a row's second change: one statement cannot change a row twice", (t) => {
  t.false(joinsWave([change('a'), change('b')], change('a', 'again')));
});

test('a wave refuses a change once it is full', (t) => {
  const full = Array.from({ length: MAX_WAVE }, (_, index) => change(`row${index}`));
  t.false(joinsWave(full, change('another')));
  t.true(joinsWave(full.slice(1), change('another')));
});

test('a wave of one change is that statement, prepared by its shape', (t) => {
  const statement = waveStatement([change('a')]);
  t.is(statement.sql, 'update users set bio = $slonik_1 where id = $slonik_2');
  t.regex(statement.name ?? '', /^users_update_/);
});

test('a wave of several is one unprepared statement holding each change once, in order', (t) => {
  const statement = waveStatement([change('a', 'first'), change('b', 'second')]);
  t.is(statement.name, undefined);
  t.is(
    statement.sql,
    'with "applied_0" as (update users set bio = $slonik_1 where id = $slonik_2), ' +
      '"applied_1" as (update users set bio = $slonik_3 where id = $slonik_4) select',
  );
  t.deepEqual(statement.values, ['first', 'a', 'second', 'b']);
});
