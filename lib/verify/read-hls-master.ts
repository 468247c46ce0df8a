import { parseHlsAttributeList } from '../manifest/hls-attribute-list.js';

/** One EXT-X-STREAM-INF of a master playlist: its attributes as written and the URI line after it. */
export interface HlsMasterVariant {
  /** As written (not percent-decoded), relative to the master. */
  readonly uri: string;
  /** e.g. `{ BANDWIDTH: '845066', CODECS: 'avc1.42c00d,mp4a.40.2', AUDIO: 'audio' }`; absent attributes are absent. */
  readonly attributes: Readonly<Record<string, string>>;
}

/** What a master playlist declares, read tolerantly. */
export interface HlsMaster {
  readonly variants: readonly HlsMasterVariant[];
  /** The attributes of every EXT-X-MEDIA tag (TYPE, GROUP-ID, URI when the rendition has its own playlist, …). */
  readonly renditions: readonly Readonly<Record<string, string>>[];
  readonly hasIndependentSegments: boolean;
}

/**
 * Reads a master (multivariant) playlist into its variants and EXT-X-MEDIA renditions, keeping every
 * attribute exactly as written so that a missing one can be told from a zero. Pure and tolerant: it
 * never throws; strict syntax is checked separately (`strictHlsSyntaxError`).
 *
 * @example
 * readHlsMaster('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=545600,RESOLUTION=320x180\nv0.m3u8\n').variants;
 * // [{ uri: 'v0.m3u8', attributes: { BANDWIDTH: '545600', RESOLUTION: '320x180' } }]
 */
export function readHlsMaster(text: string): HlsMaster {
  const variants: HlsMasterVariant[] = [];
  const renditions: Record<string, string>[] = [];
  let hasIndependentSegments = false;
  let pending: Record<string, string> | undefined;
  for (const raw of text.replace(/^\uFEFF/u, '').split(/\r?\n/u)) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#EXT-X-STREAM-INF:')) pending = parseHlsAttributeList(line.slice('#EXT-X-STREAM-INF:'.length));
    else if (line.startsWith('#EXT-X-MEDIA:')) renditions.push(parseHlsAttributeList(line.slice('#EXT-X-MEDIA:'.length)));
    else if (line === '#EXT-X-INDEPENDENT-SEGMENTS') hasIndependentSegments = true;
    else if (!line.startsWith('#') && pending) {
      variants.push({ uri: line, attributes: pending });
      pending = undefined;
    }
  }
  return { variants, renditions, hasIndependentSegments };
}

/**
 * True when an HLS playlist is a master (multivariant) playlist rather than a media playlist. Pure.
 *
 * @example
 * isHlsMasterPlaylist('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\na.m3u8\n'); // true
 */
export function isHlsMasterPlaylist(text: string): boolean {
  return /^#EXT-X-(?:STREAM-INF|I-FRAME-STREAM-INF|MEDIA):/mu.test(text);
}
