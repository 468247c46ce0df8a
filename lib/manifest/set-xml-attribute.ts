/** Matches the attributes of a start tag (quoted values may hold `>`). */
export const XML_TAG_ATTRIBUTES = String.raw`(?:[^>"']|"[^"]*"|'[^']*')*`;

/**
 * Pure: replaces an attribute's value in one XML start tag, or adds it before the tag's end. The value is escaped.
 *
 * @example
 * setXmlAttribute('<SegmentTemplate startNumber="1">', 'startNumber', '7'); // '<SegmentTemplate startNumber="7">'
 */
export function setXmlAttribute(tag: string, name: string, value: string): string {
  const escaped = value.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/"/gu, '&quot;');
  const existing = new RegExp(`(\\s${name}\\s*=\\s*)(?:"[^"]*"|'[^']*')`, 'u');
  if (existing.test(tag)) return tag.replace(existing, (_all, prefix: string) => `${prefix}"${escaped}"`);
  const end = tag.endsWith('/>') ? tag.length - 2 : tag.length - 1;
  return `${tag.slice(0, end).trimEnd()} ${name}="${escaped}"${tag.slice(end)}`;
}

/** Pure: an attribute's value in one start tag, unescaped only for `&quot;`/`&lt;`/`&amp;`; undefined when absent. */
export function xmlAttribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'u').exec(tag);
  const raw = match?.[1] ?? match?.[2];
  return raw?.replace(/&quot;/gu, '"').replace(/&lt;/gu, '<').replace(/&amp;/gu, '&');
}
