import { createHash } from 'node:crypto';
import type { FragmentSqlToken, QuerySqlToken } from 'slonik';
import { createSqlTag } from 'slonik';
import { z } from 'zod';

/**
 * Our `sql` tag. Every query states the shape of its rows: `sql.type(RowSchema)` for most,
 * `sql.typeAlias('void')` for statements that return no rows, `sql.typeAlias('id')` for `returning id`.
 * The result-parser interceptor in pool.ts validates each row against that schema.
 */
/** The row shape of a statement that returns none, for `sql.prepared`. */
export const voidRow = z.object({}).strict();

export const sql = createSqlTag({
  typeAliases: {
    void: voidRow,
    id: z.object({ id: z.uuid() }),
  },
});

/**
 * A statement built from fragments, prepared under a name derived from its text: each shape (say, the
 * columns an update sets) is planned once per connection, however the fragments are combined.
 */
export function preparedByShape<T extends Parameters<typeof sql.prepared>[1]>(
  prefix: string,
  parser: T,
  statement: FragmentSqlToken,
): QuerySqlToken<T> {
  const shape = createHash('sha256').update(statement.sql).digest('base64url').slice(0, 16);
  return sql.prepared(`${prefix}_${shape}`, parser)`${statement}`;
}
