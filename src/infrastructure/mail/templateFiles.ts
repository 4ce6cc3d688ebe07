import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EmailTemplate, TemplateName } from '../../notifications/index.js';
import { parseTemplate, TemplateError } from '../../notifications/index.js';

/** The project's templates/email, seen from where this file runs (dist/src/infrastructure/mail). */
export const defaultTemplatesDir = fileURLToPath(new URL('../../../../templates/email/', import.meta.url));

export type TemplateSource = (name: TemplateName) => Promise<EmailTemplate>;

/**
 * Reads `<dir>/<name>.txt` and `<dir>/<name>.html` on every render, so an edited template takes
 * effect with the next mail, without a restart. A missing file is a TemplateError.
 */
export function templateFiles(dir: string = defaultTemplatesDir): TemplateSource {
  const read = async (name: string, extension: 'txt' | 'html') => {
    try {
      return await readFile(join(dir, `${name}.${extension}`), 'utf8');
    } catch (error) {
      throw new TemplateError(name, `cannot read ${name}.${extension}`, { cause: error });
    }
  };
  return async (name) => {
    const [txt, html] = await Promise.all([read(name, 'txt'), read(name, 'html')]);
    return parseTemplate(name, txt, html);
  };
}
