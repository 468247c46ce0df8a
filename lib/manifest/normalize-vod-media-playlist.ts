import { InvalidOptionError, PackagerError } from '../errors.js';
import { encodeUriPath } from './encode-uri-path.js';
import { hlsTargetDurationSeconds } from './hls-target-duration.js';

/** Options of {@link normalizeVodMediaPlaylist}. */
export interface NormalizeVodMediaPlaylistOptions {
  /**
   * The EXT-X-TARGETDURATION to write; pass the package-wide value so every media playlist shares it
   * (Apple 8.2). Must be at least what this playlist's own segments need.
   * @default hlsTargetDurationSeconds(longest EXTINF of this playlist)
   */
  readonly targetDurationSeconds?: number;
  /** Write `#EXT-X-INDEPENDENT-SEGMENTS` (every segment starts with a key frame). @default true */
  readonly isIndependentSegments?: boolean;
  /**
   * Percent-encode segment and EXT-X-MAP URIs with `encodeUriPath` (idempotent). ffmpeg writes file names
   * raw, so a name with a space, a double quote, `#` or non-ASCII is not a valid URI until encoded.
   * @default true
   */
  readonly encodeRawUris?: boolean;
}

/** Tags that belong to a segment: header tags must come before the first of them. */
const SEGMENT_TAGS = ['#EXTINF', '#EXT-X-MAP', '#EXT-X-KEY', '#EXT-X-BYTERANGE', '#EXT-X-DISCONTINUITY', '#EXT-X-PROGRAM-DATE-TIME', '#EXT-X-GAP'];

/**
 * Rewrites a VOD media playlist written by ffmpeg into the form Apple requires, keeping every segment
 * (URIs only made valid). Pure. Use it on the dash muxer's `-hls_playlist 1` playlists (version 6, a
 * PROGRAM-DATE-TIME per segment, no PLAYLIST-TYPE) and on the hls muxer's playlists (its audio playlists lack
 * INDEPENDENT-SEGMENTS; each playlist picks its own TARGETDURATION):
 *
 * - adds `#EXT-X-PLAYLIST-TYPE:VOD` (replacing any other type), `#EXT-X-INDEPENDENT-SEGMENTS` and `#EXT-X-ENDLIST`;
 * - drops `#EXT-X-PROGRAM-DATE-TIME` (wall-clock times of the encode, meaningless for VOD) and the
 *   obsolete `#EXT-X-ALLOW-CACHE`;
 * - percent-encodes raw file names (see {@link NormalizeVodMediaPlaylistOptions.encodeRawUris});
 * - sets `#EXT-X-TARGETDURATION` per the RFC rounding rule and raises `#EXT-X-VERSION` to what the
 *   playlist's features need (3 for decimal EXTINF, 4 for byte ranges, 6 for EXT-X-MAP).
 *
 * @example
 * normalizeVodMediaPlaylist('#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA-SEQUENCE:1\n#EXT-X-MAP:URI="i.m4s"\n#EXTINF:4.000000,\n#EXT-X-PROGRAM-DATE-TIME:2025-01-01T00:00:00.000+0000\nc_00001.m4s\n#EXT-X-ENDLIST\n');
 * // '#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA-SEQUENCE:1\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-MAP:URI="i.m4s"\n#EXTINF:4.000000,\nc_00001.m4s\n#EXT-X-ENDLIST\n'
 */
export function normalizeVodMediaPlaylist(text: string, options: NormalizeVodMediaPlaylistOptions = {}): string {
  const input = text.replace(/^\uFEFF/u, '').split(/\r?\n/u).map((l) => l.trim()).filter((l) => l !== '');
  if (input[0] !== '#EXTM3U') {
    throw new PackagerError('VERIFY_INPUT_INVALID', 'The text does not start with #EXTM3U, so it is not an HLS playlist; pass a media playlist.');
  }
  const durations = input.filter((l) => l.startsWith('#EXTINF:')).map((l) => Number.parseFloat(l.slice('#EXTINF:'.length)));
  if (durations.length === 0) throw new PackagerError('VERIFY_INPUT_INVALID', 'The playlist has no #EXTINF segments; pass a media playlist, not a master.');
  const neededTarget = hlsTargetDurationSeconds(Math.max(...durations.filter(Number.isFinite)));
  const target = options.targetDurationSeconds ?? neededTarget;
  if (!Number.isInteger(target) || target < neededTarget) {
    throw new InvalidOptionError('targetDurationSeconds', `an integer ≥ ${neededTarget} (the longest segment of this playlist, rounded)`, options.targetDurationSeconds);
  }
  const hasMap = input.some((l) => l.startsWith('#EXT-X-MAP'));
  const hasByteRange = input.some((l) => l.startsWith('#EXT-X-BYTERANGE') || /BYTERANGE=/u.test(l));
  const neededVersion = hasMap ? 6 : hasByteRange ? 4 : 3;
  const currentVersion = Number.parseInt(input.find((l) => l.startsWith('#EXT-X-VERSION:'))?.slice(15) ?? '1', 10);
  const version = Math.max(Number.isFinite(currentVersion) ? currentVersion : 1, neededVersion);

  const header = [`#EXT-X-VERSION:${version}`, `#EXT-X-TARGETDURATION:${target}`];
  const body: string[] = [];
  let inHeader = true;
  for (const line of input.slice(1)) {
    if (inHeader && (!line.startsWith('#') || SEGMENT_TAGS.some((t) => line.startsWith(t)))) inHeader = false;
    if (/^#EXT-X-(VERSION|TARGETDURATION|PLAYLIST-TYPE|INDEPENDENT-SEGMENTS|ENDLIST|PROGRAM-DATE-TIME|ALLOW-CACHE)\b/u.test(line)) continue;
    (inHeader ? header : body).push(options.encodeRawUris === false ? line : encodeUris(line));
  }
  header.push('#EXT-X-PLAYLIST-TYPE:VOD');
  if (options.isIndependentSegments !== false) header.push('#EXT-X-INDEPENDENT-SEGMENTS');
  return `${['#EXTM3U', ...header, ...body, '#EXT-X-ENDLIST'].join('\n')}\n`;
}

function encodeUris(line: string): string {
  if (!line.startsWith('#')) return encodeUriPath(line);
  if (!line.startsWith('#EXT-X-MAP:')) return line;
  // ffmpeg writes a name with double quotes unescaped (URI="my "clip"_init.mp4"): take the quote that
  // ends the attribute, the first one followed by another attribute or the end of the line.
  return line.replace(/URI="(.*?)"(?=,[A-Z0-9-]+=|$)/u, (_all, uri: string) => `URI="${encodeUriPath(uri)}"`);
}
