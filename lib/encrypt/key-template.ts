import { InvalidOptionError } from '../errors.js';

/** The placeholder a key URL or key file name template holds for the key id. */
export const KEY_ID_PLACEHOLDER = '{keyId}';

/** What a template names: a URI written in playlists, or a file name in a key directory. */
export type KeyTemplateKind = 'url' | 'fileName';

/**
 * Validates a key URL or key file name template and returns it. Pure; throws {@link InvalidOptionError}.
 *
 * - `{keyId}` is the only placeholder; any other `{…}` is a typo and rejected.
 * - A URL template may be absolute (`https://keys.example.com/{keyId}?token=…`) or relative to the media
 *   playlists (`keys/{keyId}.key`); it is written as given, so it must not contain a double quote, a line break or
 *   white space (none can appear inside an HLS quoted-string).
 * - A file name template must be a plain file name (no `/`, `\`, or `..`).
 * Whether the placeholder is required (it is when keys rotate) is checked by the caller, which knows the rotation.
 *
 * @example
 * checkKeyTemplate('keyUrlTemplate', 'https://keys.example.com/{keyId}', 'url'); // returns it
 * checkKeyTemplate('keyUrlTemplate', 'https://keys.example.com/{keyid}', 'url'); // throws: unknown placeholder
 */
export function checkKeyTemplate(option: string, template: unknown, kind: KeyTemplateKind): string {
  const expected = kind === 'url' ? 'a key URL (absolute, or relative to the media playlists), optionally with {keyId}' : 'a key file name, optionally with {keyId}';
  if (typeof template !== 'string' || template.trim() === '') throw new InvalidOptionError(option, expected, template);
  const unknown = template.replaceAll(KEY_ID_PLACEHOLDER, '').match(/\{[^}]*\}?|\}/u);
  if (unknown) throw new InvalidOptionError(option, expected, template, `"${unknown[0]}" is not a placeholder; the only one is ${KEY_ID_PLACEHOLDER}.`);
  if (/[\s"\u0000-\u001f\u007f]/u.test(template)) {
    throw new InvalidOptionError(option, expected, template, 'White space, double quotes and control characters cannot appear in an HLS key URI; percent-encode them.');
  }
  if (kind === 'fileName' && (/[/\\]/u.test(template) || template === '..' || template === '.')) {
    throw new InvalidOptionError(option, expected, template, 'Give the directory separately (`dir`); the template names one file in it.');
  }
  return template;
}

/** Pure: `template` with every `{keyId}` replaced by the key id (key ids are URL- and file-name-safe). */
export function expandKeyTemplate(template: string, keyId: string): string {
  return template.replaceAll(KEY_ID_PLACEHOLDER, keyId);
}

/** Pure: true when the template names each key differently, which rotating keys need. */
export function hasKeyIdPlaceholder(template: string): boolean {
  return template.includes(KEY_ID_PLACEHOLDER);
}
