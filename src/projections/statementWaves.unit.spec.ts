import test from 'ava';
import { sql } from '../infrastructure/postgres/sql.js';
import type { ProjectedStatement, Tally } from './projector.js';
import { MAX_WAVE, planWaves, waveStatement } from './statementWaves.js';

const change = (target: string, bio = 'Hello'): ProjectedStatement => ({
  shape: 'users_update',
  target,
  statement: sql.fragment`update users set bio = ${bio} where id = ${target}`,
});

const targets = (waves: ProjectedStatement[][]) =>
  waves.map((wave) => wave.map((member) => `${member.target}${String(member.statement.values[0])}`));

test("changes of different rows go in one wave, a row's second change in the next", (t) => {
  const waves = planWaves([change('a', '0'), change('b', '0'), change('a', '1'), change('c', '0')]);
  t.deepEqual(targets(waves), [['a0', 'b0', 'c0'], ['a1']]);
});

test("each row's changes keep their order across waves; other rows fill the earliest wave they may", (t) => {
  // a0 a1 a2 b0 b1 c0: a's changes need three waves, b's and c's join the first ones.
  const changes = [
    change('a', '0'),
    change('a', '1'),
    change('a', '2'),
    change('b', '0'),
    change('b', '1'),
    change('c', '0'),
  ];
  t.deepEqual(targets(planWaves(changes)), [['a0', 'b0', 'c0'], ['a1', 'b1'], ['a2']]);
});

test('a full wave makes room in the next one', (t) => {
  const rows = Array.from({ length: MAX_WAVE + 1 }, (_, index) => change(`row${index}`, '0'));
  const waves = planWaves([...rows, change('row0', '1')]);
  t.deepEqual(
    waves.map((wave) => wave.length),
    [MAX_WAVE, 2],
  );
  t.deepEqual(targets(waves)[1], [`row${MAX_WAVE}0`, 'row01']);
});

test('no changes, no waves', (t) => {
  t.deepEqual(planWaves([]), []);
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

const counted: Tally = {
  name: 'live',
  add: (deltas) => sql.fragment`update totals set live = live + (select sum(delta) from ${deltas} as d)`,
};
const insert = (target: string): ProjectedStatement => ({
  shape: 'users_insert',
  target,
  statement: sql.fragment`insert into users (id) values (${target}) returning 1 as delta`,
  tally: counted,
});

test("a wave's changes that move a tally add up into it once, after them", (t) => {
  const statement = waveStatement([insert('a'), change('b', 'bio'), insert('c')]);
  t.is(
    statement.sql,
    'with "applied_0" as (insert into users (id) values ($slonik_1) returning 1 as delta), ' +
      '"applied_1" as (update users set bio = $slonik_2 where id = $slonik_3), ' +
      '"applied_2" as (insert into users (id) values ($slonik_4) returning 1 as delta), ' +
      '"tally_live" as (update totals set live = live + (select sum(delta) from ' +
      '(select delta from "applied_0" union all select delta from "applied_2") as d)) select',
  );
});

test('a single change that moves a tally is prepared by its shape, with its tally', (t) => {
  const statement = waveStatement([insert('a')]);
  t.regex(statement.name ?? '', /^users_insert_/);
  t.regex(statement.sql, /"tally_live" as \(update totals/);
});
