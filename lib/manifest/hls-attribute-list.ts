/**
 * Parses an HLS attribute list (`KEY=VALUE,KEY="quoted, value"`) into a record; quoted strings lose their
 * quotes, other values are kept as written. Tolerant: a malformed pair is skipped, not fatal. Pure.
 *
 * @example
 * parseHlsAttributeList('METHOD=AES-128,URI="k/a,b.key",IV=0x01');
 * // { METHOD: 'AES-128', URI: 'k/a,b.key', IV: '0x01' }
 */
export function parseHlsAttributeList(text: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  const pattern = /\s*([A-Z0-9-]+)\s*=\s*("[^"]*"|[^,]*)\s*(?:,|$)/gyu;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < text.length && (match = pattern.exec(text)) !== null) {
    const [, name, raw] = match;
    if (name === undefined || raw === undefined) break;
    attributes[name] = raw.startsWith('"') ? raw.slice(1, -1) : raw.trim();
    if (match[0].length === 0) break;
  }
  return attributes;
}
