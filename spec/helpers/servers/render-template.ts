import { readFile, writeFile } from 'node:fs/promises';

/** Replaces every `{{NAME}}` in the template file with `values.NAME` and writes the result. Throws on a placeholder without a value. */
export async function renderTemplate(templatePath: string, outputPath: string, values: Readonly<Record<string, string | number>>): Promise<void> {
  const template = await readFile(templatePath, 'utf8');
  const rendered = template.replace(/\{\{([A-Z0-9_]+)\}\}/gu, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${templatePath}: no value for {{${name}}}`);
    return String(value);
  });
  await writeFile(outputPath, rendered);
}
