import { createSqlTag } from 'slonik';
import { z } from 'zod';

/**
 * Our `sql` tag. Every query states the shape of its rows: `sql.type(RowSchema)` for most,
 * `sql.typeAlias('void')` for statements that return no rows, `sql.typeAlias('id')` for `returning id`.
 * The result-parser interceptor in pool.ts validates each row against that schema.
 */
export const sql = createSqlTag({
  typeAliases: {
    void: z.object({}).strict(),
    id: z.object({ id: z.uuid() }),
  },
});
