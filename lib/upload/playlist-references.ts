import { posix } from 'node:path';
import { parseHlsAttributeList } from '../manifest/hls-attribute-list.js';
import { readMpd } from '../manifest/read-mpd.js';

/**
 * Pure: the package keys a playlist or manifest references, resolved against its own key: for HLS every URI line
 * (segments, variant playlists) and every `URI="..."` attribute (`EXT-X-MAP`, `EXT-X-KEY`, `EXT-X-SESSION-KEY`,
 * `EXT-X-MEDIA`, `EXT-X-I-FRAME-STREAM-INF`, `EXT-X-PART`...); for an MPD every initialisation and media segment
 * (via `readMpd`, BaseURLs applied). References outside the package (absolute URLs, `/paths`, `../` above the
 * root) are left out: nothing can be waited for there.
 *
 * Returns null when the text cannot be read (not HLS, an MPD `readMpd` rejects): the caller must then assume
 * the worst, e.g. wait for every file reported so far.
 *
 * @example
 * playlistReferences('video/720p.m3u8', '#EXTM3U\n#EXT-X-MAP:URI="init.mp4"\n#EXTINF:6,\nseg%201.m4s\n');
 * // ['video/init.mp4', 'video/seg 1.m4s']
 */
export function playlistReferences(key: string, content: string): readonly string[] | null {
  const text = content.replace(/^\uFEFF/u, '').trimStart();
  let uris: string[];
  if (text.startsWith('#EXTM3U')) {
    uris = hlsUris(text);
  } else if (text.startsWith('<') && /<(?:\w+:)?MPD[\s>]/u.test(text)) {
    try {
      const mpd = readMpd(text);
      uris = mpd.periods.flatMap((p) =>
        p.adaptationSets.flatMap((a) => a.representations.flatMap((r) => [...(r.initUri === undefined ? [] : [r.initUri]), ...r.segments.map((s) => s.uri)])),
      );
    } catch {
      return null;
    }
  } else {
    return null;
  }
  const keys = new Set<string>();
  for (const uri of uris) {
    const resolved = resolveReference(key, uri);
    if (resolved !== null && resolved !== key) keys.add(resolved);
  }
  return [...keys];
}

/**
 * Pure: the package key a URI in the file `fromKey` points at, or null when it points outside the package (an
 * absolute URL, a `data:` URI, an absolute path, above the root). Query and fragment are dropped; escapes decoded.
 *
 * @example
 * resolveReference('hls/master.m3u8', '720p/index.m3u8?v=2'); // 'hls/720p/index.m3u8'
 * resolveReference('master.m3u8', 'https://cdn.example.com/a.ts'); // null
 */
export function resolveReference(fromKey: string, uri: string): string | null {
  const path = uri.trim().replace(/[?#].*$/su, '');
  if (path === '' || /^[a-z][a-z0-9+.-]*:/iu.test(path) || path.startsWith('/')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    decoded = path;
  }
  const joined = posix.normalize(posix.join(posix.dirname(fromKey), decoded));
  if (joined === '..' || joined.startsWith('../') || posix.isAbsolute(joined) || joined === '.') return null;
  return joined;
}

function hlsUris(text: string): string[] {
  const uris: string[] = [];
  for (const raw of text.split(/\r?\n/u)) {
    const line = raw.trim();
    if (line === '') continue;
    if (!line.startsWith('#')) {
      uris.push(line);
      continue;
    }
    const colon = line.indexOf(':');
    if (!line.startsWith('#EXT') || colon < 0) continue;
    const uri = parseHlsAttributeList(line.slice(colon + 1))['URI'];
    if (uri !== undefined) uris.push(uri);
  }
  return uris;
}
