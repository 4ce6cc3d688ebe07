import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import {
  apiLinks,
  renderEmail,
  sampleNotifications,
  templateNames,
  TemplateError,
} from '../../notifications/index.js';
import { createLinkTokens } from '../crypto/linkTokens.js';
import { templateFiles } from './templateFiles.js';

const deps = { links: apiLinks('https://users.example.com'), linkTokens: createLinkTokens(randomBytes(32)) };

test('every shipped template renders its notification with every placeholder filled', async (t) => {
  const templates = templateFiles();
  const samples = sampleNotifications();
  t.deepEqual(samples.map((sample) => sample.template).sort(), [...templateNames].sort());
  for (const notification of samples) {
    const mail = renderEmail(notification, await templates(notification.template), deps);
    for (const part of [mail.subject, mail.text, mail.html]) {
      t.false(/\{\{|\}\}/.test(part), notification.template);
      t.true(part.length > 0, notification.template);
    }
    t.true(mail.text.includes('Ada') && mail.html.includes('Ada'), notification.template);
  }
});

test('a template whose file is missing is a TemplateError', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'templates-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'role-changed.txt'), 'Subject: Role\n\nHi {{name}}');
  const error = await t.throwsAsync(templateFiles(dir)('role-changed'), { instanceOf: TemplateError });
  t.regex(error?.message ?? '', /role-changed\.html/);
});
