/**
 * Tells an HLS playlist from a DASH MPD by content: `#EXTM3U` first, or an `<MPD` root element (after an XML
 * declaration, comments or whitespace). Anything else (HTML, JSON, media bytes, a JPEG) is undefined. Pure.
 *
 * @example
 * detectManifestFormat('#EXTM3U\n#EXT-X-VERSION:3\n'); // 'hls'
 * detectManifestFormat('<?xml version="1.0"?>\n<MPD xmlns="urn:mpeg:dash:schema:mpd:2011">'); // 'dash'
 * detectManifestFormat('<html>'); // undefined
 */
export function detectManifestFormat(text: string): 'hls' | 'dash' | undefined {
  const start = text.replace(/^\uFEFF/u, '').trimStart();
  if (/^#EXTM3U(?:[ \t]*\r?\n|[ \t]*$)/u.test(start)) return 'hls';
  const withoutProlog = start.replace(/^(?:<\?xml[^>]*\?>\s*|<!--[\s\S]*?-->\s*)*/u, '');
  if (/^<(?:[A-Za-z_][\w.-]*:)?MPD[\s>]/u.test(withoutProlog)) return 'dash';
  return undefined;
}
