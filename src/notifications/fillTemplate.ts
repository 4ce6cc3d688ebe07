/** A template that cannot produce a correct mail. Retrying does not help: a deployer has to fix the file. */
export class TemplateError extends Error {
  constructor(
    readonly template: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`email template ${template}: ${message}`, options);
    this.name = 'TemplateError';
  }
}

export class MissingPlaceholderError extends TemplateError {
  constructor(
    template: string,
    readonly placeholders: readonly string[],
  ) {
    super(template, `no value for ${placeholders.map((name) => `{{${name}}}`).join(', ')}`);
    this.name = 'MissingPlaceholderError';
  }
}

const placeholder = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

/**
 * Replaces each `{{name}}` with its value, passed through `escape`. Throws MissingPlaceholderError
 * when a value is missing and TemplateError when braces are left that are no placeholder, so a
 * mail never shows a literal `{{…}}` whatever a deployer puts in the file.
 */
export function fillTemplate(
  template: string,
  text: string,
  values: Readonly<Record<string, string>>,
  escape: (value: string) => string = (value) => value,
): string {
  const stray = text.replace(placeholder, '').match(/\{\{|\}\}/);
  if (stray) throw new TemplateError(template, `"${stray[0]}" outside a {{name}} placeholder`);
  const missing = new Set<string>();
  const filled = text.replace(placeholder, (_match, name: string) => {
    if (Object.hasOwn(values, name)) return escape(values[name]!);
    missing.add(name);
    return '';
  });
  if (missing.size > 0) throw new MissingPlaceholderError(template, [...missing]);
  return filled;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
