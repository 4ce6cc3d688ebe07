import type { DatabasePool, DriverTypeParser, Interceptor, QueryResultRow } from 'slonik';
import { createPool as createSlonikPool, createTypeParserPreset, SchemaValidationError } from 'slonik';
import { slonikDatabaseUrl } from './databaseUrl.js';

export type PoolOptions = {
  maxPoolSize?: number;
  /** Appended to the defaults; tests use this to slow statements down. */
  interceptors?: readonly Interceptor[];
};

/**
 * A slonik pool that validates every row against the schema its query declared
 * (`sql.type(Row)`), and parses:
 *   - int8 as bigint: positions and revisions are 64-bit and must not lose precision
 *     (this includes `count(*)`; cast to int4 when a number is wanted);
 *   - timestamptz as epoch milliseconds (slonik's default): row schemas turn them into Dates.
 *
 * Connections go back to the pool without slonik's `DISCARD ALL`: nothing here leaves session state
 * behind (settings are `set local`, inside a transaction), and skipping it saves a round trip per
 * query and keeps `sql.prepared` statements prepared.
 */
export async function createPool(url: string, options: PoolOptions = {}): Promise<DatabasePool> {
  return createSlonikPool(slonikDatabaseUrl(url), {
    interceptors: [createResultParserInterceptor(), ...(options.interceptors ?? [])],
    typeParsers: typeParsers(),
    resetConnection: async () => undefined,
    ...(options.maxPoolSize === undefined ? {} : { maxPoolSize: options.maxPoolSize }),
  });
}

function typeParsers(): DriverTypeParser[] {
  const int8: DriverTypeParser = { name: 'int8', parse: (value) => BigInt(value) };
  return [...createTypeParserPreset().filter((parser) => parser.name !== 'int8'), int8];
}

/** Slonik 49 carries the query's schema to interceptors but does not apply it by itself. */
function createResultParserInterceptor(): Interceptor {
  return {
    name: 'resultParser',
    transformRow: (context, query, row) => {
      const schema = context.resultParser;
      if (!schema) return row;
      const result = schema['~standard'].validate(row);
      if (result instanceof Promise) {
        throw new TypeError('Row schemas must validate synchronously.');
      }
      if (result.issues) throw new SchemaValidationError(query, row, result.issues);
      return result.value as QueryResultRow;
    },
  };
}
