import test from 'ava';
import openApiDocument from './generated/openapi.json' with { type: 'json' };

type Operation = {
  security?: unknown[];
  parameters?: unknown[];
  requestBody?: unknown;
  responses: Record<string, { content?: { 'application/json'?: { schema?: { $ref?: string } } } }>;
};

const operations = Object.entries(openApiDocument.paths as Record<string, Record<string, Operation>>).flatMap(
  ([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      name: `${method.toUpperCase()} ${path}`,
      operation,
    })),
);
const schemaOf = (operation: Operation, status: string) =>
  operation.responses[status]?.content?.['application/json']?.schema?.$ref;

test('every route that needs a token documents its 401', (t) => {
  const secured = operations.filter(({ operation }) => (operation.security ?? []).length > 0);
  t.true(secured.length > 20);
  for (const { name, operation } of secured) {
    t.is(schemaOf(operation, '401'), '#/components/schemas/ErrorResponse', name);
  }
});

test('every route that takes parameters or a body documents its 422 with the field list', (t) => {
  const validated = operations.filter(
    ({ operation }) => (operation.parameters ?? []).length > 0 || operation.requestBody !== undefined,
  );
  t.true(validated.length > 20);
  for (const { name, operation } of validated) {
    t.is(schemaOf(operation, '422'), '#/components/schemas/ValidationErrorResponse', name);
  }
});

test('every documented error answers with the detail envelope', (t) => {
  for (const { name, operation } of operations) {
    for (const status of Object.keys(operation.responses).filter((code) => Number(code) >= 400)) {
      t.regex(
        schemaOf(operation, status) ?? '',
        /\/(ErrorResponse|ValidationErrorResponse)$/,
        `${name} ${status}`,
      );
    }
  }
});
