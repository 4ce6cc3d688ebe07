import test from 'ava';
import { escapeHtml, fillTemplate, MissingPlaceholderError, TemplateError } from './fillTemplate.js';

test('placeholders are replaced by their values, spaces inside the braces allowed', (t) => {
  t.is(fillTemplate('t', 'Hello {{name}}, {{ role }}!', { name: 'Ada', role: 'ADMIN' }), 'Hello Ada, ADMIN!');
});

test('a placeholder without a value is an error naming it, never a literal in the mail', (t) => {
  const error = t.throws(() => fillTemplate('role-changed', 'from {{previousRole}} to {{newRole}}', {}), {
    instanceOf: MissingPlaceholderError,
  });
  t.deepEqual(error?.placeholders, ['previousRole', 'newRole']);
  t.regex(error?.message ?? '', /role-changed.*\{\{previousRole\}\}/);
});

test('braces that form no placeholder are an error too', (t) => {
  t.throws(() => fillTemplate('t', 'Hello {{first-name}}', { 'first-name': 'Ada' }), {
    instanceOf: TemplateError,
  });
  t.throws(() => fillTemplate('t', 'Hello {{name}', { name: 'Ada' }), { instanceOf: TemplateError });
});

test('inherited object properties are no values', (t) => {
  t.throws(() => fillTemplate('t', '{{constructor}}', {}), { instanceOf: MissingPlaceholderError });
});

test('values are escaped for HTML, and a value that looks like a placeholder stays text', (t) => {
  t.is(
    fillTemplate('t', '<p>{{name}}</p>', { name: `<b>"Ada" & 'Bo'</b>` }, escapeHtml),
    '<p>&#60;b&#62;&#34;Ada&#34; &#38; &#39;Bo&#39;&#60;/b&#62;</p>',
  );
  t.is(fillTemplate('t', 'Hi {{name}}', { name: '{{other}}' }), 'Hi {{other}}');
});
