import { PackagerError } from '../errors.js';

/** The key a segment is encrypted with, as a playlist names it. No key bytes. */
export interface PlaylistKey {
  /** Identity of the key: a new `EXT-X-KEY` is written whenever it changes. */
  readonly keyId: string;
  /** Written as `URI="…"`: absolute, or relative to the playlist; must not contain `"` or line breaks. */
  readonly uri: string;
  /** The key's explicit IV, 32 hex digits, written as `IV=0x…`. */
  readonly ivHex: string;
}

/** What {@link addKeysToMediaPlaylist} wrote. */
export interface KeyedMediaPlaylist {
  readonly text: string;
  /** Segments listed in `text`. */
  readonly segmentCount: number;
  /** False when the playlist was cut at the first segment without a key (not published yet). */
  readonly isComplete: boolean;
}

/** The lowest EXT-X-VERSION whose EXT-X-KEY may carry an IV attribute (RFC 8216 §7). */
const IV_MIN_VERSION = 2;

const SEGMENT_TAGS = ['#EXTINF', '#EXT-X-MAP', '#EXT-X-BYTERANGE', '#EXT-X-DISCONTINUITY', '#EXT-X-PROGRAM-DATE-TIME', '#EXT-X-GAP'];

/**
 * Writes the public version of a clear media playlist: an `#EXT-X-KEY:METHOD=AES-128,URI="…",IV=0x…` before the
 * first segment of each key period, keeping everything else as it is. Pure.
 *
 * - `keyOf(uri)` gives the key of a segment, or undefined when that segment is not encrypted and published yet:
 *   the playlist then stops before it (and loses its `EXT-X-ENDLIST`), so it never lists a segment a player cannot
 *   fetch, nor names a key not stored yet.
 * - The init segment stays clear: `EXT-X-MAP` comes before the first `EXT-X-KEY`, and a later `EXT-X-MAP` under a
 *   key is preceded by `#EXT-X-KEY:METHOD=NONE` (the key is then repeated for the next segment).
 * - `EXT-X-VERSION` is raised to 2 when lower (the IV attribute needs it). Any `EXT-X-KEY` in the input is dropped.
 *
 * @example
 * addKeysToMediaPlaylist('#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\na_00000.ts\n#EXT-X-ENDLIST\n', () => ({ keyId: 'k0', uri: 'keys/k0.key', ivHex: '00'.repeat(16) })).text;
 * // '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-KEY:METHOD=AES-128,URI="keys/k0.key",IV=0x0000…\n#EXTINF:2.0,\na_00000.ts\n#EXT-X-ENDLIST\n'
 */
export function addKeysToMediaPlaylist(text: string, keyOf: (segmentUri: string) => PlaylistKey | undefined): KeyedMediaPlaylist {
  const lines = text.replace(/^\uFEFF/u, '').split(/\r?\n/u).map((l) => l.trim()).filter((l) => l !== '');
  if (lines[0] !== '#EXTM3U') throw new PackagerError('VERIFY_INPUT_INVALID', 'The text does not start with #EXTM3U, so it is not an HLS playlist; pass a media playlist.');
  const out = ['#EXTM3U'];
  if (!lines.some((l) => l.startsWith('#EXT-X-VERSION:'))) out.push(`#EXT-X-VERSION:${IV_MIN_VERSION}`);
  let inHeader = true;
  let pending: string[] = [];
  let current: PlaylistKey | undefined;
  let hasEndList = false;
  let segmentCount = 0;
  let isComplete = true;
  for (const line of lines.slice(1)) {
    if (line.startsWith('#EXT-X-KEY')) continue;
    if (line === '#EXT-X-ENDLIST') {
      hasEndList = true;
      continue;
    }
    if (inHeader && (!line.startsWith('#') || SEGMENT_TAGS.some((t) => line.startsWith(t)))) inHeader = false;
    if (inHeader) {
      out.push(line.startsWith('#EXT-X-VERSION:') ? raisedVersion(line) : line);
      continue;
    }
    if (line.startsWith('#')) {
      pending.push(line);
      continue;
    }
    const key = keyOf(line);
    if (key === undefined) {
      isComplete = false;
      break;
    }
    const block: string[] = [];
    for (const tag of pending) {
      // An init section declared under a key would be read as encrypted with it: declare it in the clear.
      if (tag.startsWith('#EXT-X-MAP') && current !== undefined) {
        block.push('#EXT-X-KEY:METHOD=NONE');
        current = undefined;
      }
      block.push(tag);
    }
    if (current?.keyId !== key.keyId) {
      const at = block.findIndex((t) => t.startsWith('#EXTINF'));
      block.splice(at === -1 ? block.length : at, 0, keyLine(key));
      current = key;
    }
    out.push(...block, line);
    pending = [];
    segmentCount += 1;
  }
  if (isComplete) out.push(...pending.filter((t) => !SEGMENT_TAGS.some((s) => t.startsWith(s))));
  if (isComplete && hasEndList) out.push('#EXT-X-ENDLIST');
  return { text: `${out.join('\n')}\n`, segmentCount, isComplete };
}

/** Pure: the `EXT-X-KEY` line of a key. */
export function keyLine(key: PlaylistKey): string {
  if (/["\r\n]/u.test(key.uri)) throw new PackagerError('UNSUPPORTED', `The key URI of "${key.keyId}" contains a double quote or a line break, which an HLS playlist cannot carry; percent-encode it.`);
  if (!/^[0-9a-f]{32}$/iu.test(key.ivHex)) throw new PackagerError('UNSUPPORTED', `The IV of "${key.keyId}" must be 32 hex digits.`);
  return `#EXT-X-KEY:METHOD=AES-128,URI="${key.uri}",IV=0x${key.ivHex.toLowerCase()}`;
}

function raisedVersion(line: string): string {
  const version = Number.parseInt(line.slice('#EXT-X-VERSION:'.length), 10);
  return Number.isFinite(version) && version >= IV_MIN_VERSION ? line : `#EXT-X-VERSION:${IV_MIN_VERSION}`;
}
