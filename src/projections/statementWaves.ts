import type { QuerySqlToken } from 'slonik';
import { preparedByShape, sql, voidRow } from '../infrastructure/postgres/sql.js';
import type { ProjectedStatement } from './projector.js';

/**
 * Most statements one wave carries: enough that a burst of events costs a few round trips rather
 * than one each, few enough that planning a wave stays well under a round trip's cost.
 */
export const MAX_WAVE = 50;

/** Whether `change` may join `wave`: one statement cannot change the same row twice. */
export const joinsWave = (wave: readonly ProjectedStatement[], change: ProjectedStatement): boolean =>
  wave.length < MAX_WAVE && wave.every((member) => member.target !== change.target);

/**
 * The wave's statements as the data-modifying parts of one statement (PostgreSQL runs each one
 * exactly once, whether or not the rest refers to it).
 */
export const waveParts = (wave: readonly ProjectedStatement[]) =>
  sql.join(
    wave.map(
      (change, index) => sql.fragment`${sql.identifier([`applied_${index}`])} as (${change.statement})`,
    ),
    sql.fragment`, `,
  );

/**
 * One wave as one statement. A single change is prepared by its shape, as it recurs; a combination of
 * several rarely does, so it is sent unprepared rather than kept on every connection.
 */
export function waveStatement(wave: readonly ProjectedStatement[]): QuerySqlToken<typeof voidRow> {
  if (wave.length === 1) return preparedByShape(wave[0]!.shape, voidRow, wave[0]!.statement);
  return sql.type(voidRow)`with ${waveParts(wave)} select`;
}
