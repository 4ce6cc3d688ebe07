import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { parse } from 'yaml';

// A command the documentation tells people to run must exist: a lost package.json script or a
// renamed worker would otherwise only show up on someone else's machine.

const root = fileURLToPath(new URL('../../../', import.meta.url));
const text = (path: string) => readFileSync(join(root, path), 'utf8');
const scripts = (JSON.parse(text('package.json')) as { scripts: Record<string, string> }).scripts;

const markdownFiles = (): string[] => {
  const docs = readdirSync(join(root, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .map((name) => join('docs', name));
  return ['README.md', ...docs];
};

const sourceOf = (distPath: string) => distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts');

test('every `npm run` the documentation names is a package.json script', (t) => {
  const named = markdownFiles().flatMap((file) =>
    [...text(file).matchAll(/npm run ([\w:-]+)/g)].map((match) => ({ file, script: match[1]! })),
  );
  t.true(named.length > 5, 'the documentation names its commands');
  for (const { file, script } of named) {
    t.truthy(scripts[script], `${file} names \`npm run ${script}\`, which package.json lacks`);
  }
});

test('every script and compose service that starts a built file starts one that is compiled', (t) => {
  const scriptTargets = Object.values(scripts).flatMap((line) => [...line.matchAll(/node (dist\/\S+\.js)/g)]);
  const compose = parse(text('docker-compose.yml'), { merge: true }) as {
    services: Record<string, { command?: string[] }>;
  };
  const composeTargets = Object.values(compose.services).flatMap((service) =>
    (service.command ?? []).filter((part) => part.startsWith('dist/')),
  );
  const targets = [...scriptTargets.map((match) => match[1]!), ...composeTargets];
  t.true(targets.length > 5);
  for (const target of targets) {
    t.true(existsSync(join(root, sourceOf(target))), `${target} has no source file ${sourceOf(target)}`);
  }
});
