import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { parse } from 'yaml';
import { CONFIGURATION_VARIABLES, loadConfig } from '../../src/config.js';

// Docker cannot run on our machines, so the shapes of the deployment files are checked here: a
// typo in a service name or a missing health check must fail before it reaches anyone's laptop.

const text = (path: string) =>
  readFileSync(fileURLToPath(new URL(`../../../${path}`, import.meta.url)), 'utf8');

type Service = {
  image?: string;
  env_file?: (string | { path: string; required?: boolean })[];
  build?: unknown;
  command?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: unknown; disable?: boolean };
};

const services = (parse(text('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> })
  .services;

test('the compose file runs the production shape', (t) => {
  for (const name of [
    'postgres',
    'eventstore',
    'kafka',
    'redis',
    'mailpit',
    'migrate',
    'api',
    'projector',
    'nginx',
  ]) {
    t.truthy(services[name], `service ${name} is missing`);
  }
});

test('every compose service has an image or a build, and depends only on services that exist', (t) => {
  for (const [name, service] of Object.entries(services)) {
    t.true(Boolean(service.image ?? service.build), `${name} has neither image nor build`);
    for (const dependency of Object.keys(service.depends_on ?? {})) {
      t.truthy(services[dependency], `${name} depends on unknown service ${dependency}`);
    }
  }
});

test('a service waited on as healthy has a health check (ours comes from the Dockerfile)', (t) => {
  const dockerfileHasHealthcheck = /^HEALTHCHECK /m.test(text('Dockerfile'));
  for (const [name, service] of Object.entries(services)) {
    for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
      t.true(
        ['service_healthy', 'service_started', 'service_completed_successfully'].includes(condition),
        `${name} → ${dependency}: unknown condition ${condition}`,
      );
      if (condition !== 'service_healthy') continue;
      const target = services[dependency]!;
      const fromOurImage = Boolean(target.build) && dockerfileHasHealthcheck && !target.healthcheck?.disable;
      t.true(Boolean(target.healthcheck?.test) || fromOurImage, `${dependency} has no health check`);
    }
  }
});

test('the API starts only after migrations ran once', (t) => {
  t.is(services['api']?.depends_on?.['migrate']?.condition, 'service_completed_successfully');
  t.deepEqual(services['migrate']?.command, ['node', 'dist/src/migrate.js']);
});

/** `.env.example` read as compose and dotenv read an env file: `NAME=value` lines, `#` comments. */
const exampleEnvironment = Object.fromEntries(
  text('.env.example')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);

test('.env.example documents every variable the service reads, and only those', (t) => {
  t.deepEqual(Object.keys(exampleEnvironment).sort(), [...CONFIGURATION_VARIABLES].sort());
});

test('.env.example, once its secrets are filled in, is a valid production configuration', (t) => {
  const config = loadConfig({
    ...exampleEnvironment,
    JWT_SECRET_KEY: 'a-generated-secret-of-at-least-32-characters',
    DATA_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
    EMAIL_HASH_KEY: Buffer.alloc(32, 2).toString('base64'),
  });
  t.is(config.nodeEnv, 'production');
  t.is(config.auth.lockDurationMs, null, 'a variable set to nothing takes its default');
  t.deepEqual(config.eventFeedTokens, []);
});

test("every service built from our image reads the operator's .env", (t) => {
  const ours = Object.entries(services).filter(([, service]) => service.build);
  t.true(ours.length >= 5);
  for (const [name, service] of ours) {
    t.deepEqual(service.env_file, [{ path: '.env', required: false }], name);
  }
});

type Workflow = {
  on: unknown;
  jobs: Record<
    string,
    { 'runs-on': string; steps: { uses?: string; run?: string }[]; env?: Record<string, string> }
  >;
};

const workflow = parse(text('.github/workflows/ci.yml')) as Workflow;

test('the workflow runs the README test command with EventStoreDB and Kafka, and builds the image', (t) => {
  t.truthy(workflow.on);
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  t.true(steps.some((step) => step.run === 'npm test'));
  t.true(steps.some((step) => step.run?.includes('docker build')));
  const env = Object.values(workflow.jobs).find((job) => job.env)?.env ?? {};
  t.truthy(env['EVENTSTORE_URL']);
  t.truthy(env['KAFKA_BROKERS']);
});

test('every workflow job names its runner and every action is pinned to a version', (t) => {
  for (const [name, job] of Object.entries(workflow.jobs)) {
    t.truthy(job['runs-on'], `${name} has no runner`);
    for (const step of job.steps) {
      t.true(Boolean(step.run ?? step.uses), `${name} has an empty step`);
      if (step.uses) t.regex(step.uses, /^[\w.-]+\/[\w.-]+@v?\d/, `${step.uses} is not pinned`);
    }
  }
});
