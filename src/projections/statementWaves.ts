import type { IdentifierSqlToken, QuerySqlToken } from 'slonik';
import { preparedByShape, sql, voidRow } from '../infrastructure/postgres/sql.js';
import type { ProjectedStatement, Tally } from './projector.js';

/**
 * Most statements one wave carries: enough that a burst of events costs a few round trips rather
 * than one each, few enough that planning a wave stays well under a round trip's cost.
 */
export const MAX_WAVE = 50;

/**
 * The changes in as few waves as keep each row's changes in their order: a row's change goes in the
 * first wave with room after the one holding the row's previous change. Rows are independent of one
 * another (the read model has no constraint across rows, and tallies add up in any order), so a row's
 * change may run in an earlier wave than another row's change recorded before it.
 */
export function planWaves(changes: readonly ProjectedStatement[]): ProjectedStatement[][] {
  const waves: ProjectedStatement[][] = [];
  const waveOfLastChange = new Map<string, number>();
  for (const change of changes) {
    let index = (waveOfLastChange.get(change.target) ?? -1) + 1;
    while (index < waves.length && waves[index]!.length >= MAX_WAVE) index += 1;
    (waves[index] ??= []).push(change);
    waveOfLastChange.set(change.target, index);
  }
  return waves;
}

/**
 * The wave's statements as the data-modifying parts of one statement (PostgreSQL runs each one
 * exactly once, whether or not the rest refers to it), then each tally they move, added up once.
 */
export function waveParts(wave: readonly ProjectedStatement[]) {
  const tallied = new Map<string, { tally: Tally; parts: IdentifierSqlToken[] }>();
  const parts = wave.map((change, index) => {
    const part = sql.identifier([`applied_${index}`]);
    if (change.tally) {
      const entry = tallied.get(change.tally.name) ?? { tally: change.tally, parts: [] };
      entry.parts.push(part);
      tallied.set(change.tally.name, entry);
    }
    return sql.fragment`${part} as (${change.statement})`;
  });
  for (const { tally, parts: moving } of tallied.values()) {
    const deltas = sql.join(
      moving.map((part) => sql.fragment`select delta from ${part}`),
      sql.fragment` union all `,
    );
    const total = sql.identifier([`tally_${tally.name}`]);
    parts.push(sql.fragment`${total} as (${tally.add(sql.fragment`(${deltas})`)})`);
  }
  return sql.join(parts, sql.fragment`, `);
}

/**
 * One wave as one statement. A single change is prepared by its shape, as it recurs; a combination of
 * several rarely does, so it is sent unprepared rather than kept on every connection.
 */
export function waveStatement(wave: readonly ProjectedStatement[]): QuerySqlToken<typeof voidRow> {
  const [only] = wave;
  if (wave.length === 1 && !only!.tally) return preparedByShape(only!.shape, voidRow, only!.statement);
  const statement = sql.fragment`with ${waveParts(wave)} select`;
  return wave.length === 1
    ? preparedByShape(only!.shape, voidRow, statement)
    : sql.type(voidRow)`${statement}`;
}
