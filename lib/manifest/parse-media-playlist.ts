import { PackagerError } from '../errors.js';
import { parseHlsAttributeList } from './hls-attribute-list.js';

/** A byte range of a resource, with the offset resolved (implicit offsets follow the previous range). */
export interface ByteRange {
  readonly lengthBytes: number;
  readonly offsetBytes: number;
}

/** The EXT-X-KEY in force for a segment. Key bytes are never read here. */
export interface SegmentKey {
  /** `AES-128`, `SAMPLE-AES`, … (`NONE` keys are not reported). */
  readonly method: string;
  readonly uri: string | undefined;
  /** As written, e.g. `0xa0f5…`; undefined when the IV is the media sequence number. */
  readonly iv: string | undefined;
  readonly keyFormat: string | undefined;
}

/** The EXT-X-MAP (fMP4 initialisation section) in force for a segment. */
export interface MediaInitSection {
  /** As written in the playlist (not percent-decoded). */
  readonly uri: string;
  readonly byteRange: ByteRange | undefined;
}

/** One media segment line of a playlist. */
export interface MediaPlaylistSegment {
  /** As written in the playlist (not percent-decoded), relative to the playlist. */
  readonly uri: string;
  /** The EXTINF duration. */
  readonly durationSeconds: number;
  readonly byteRange: ByteRange | undefined;
  readonly key: SegmentKey | undefined;
  readonly map: MediaInitSection | undefined;
  /** True when an EXT-X-DISCONTINUITY precedes this segment. */
  readonly isDiscontinuity: boolean;
  /** EXT-X-PROGRAM-DATE-TIME as written, if any. */
  readonly programDateTime: string | undefined;
}

/** What a media playlist says, read tolerantly. */
export interface MediaPlaylist {
  readonly version: number | undefined;
  readonly targetDurationSeconds: number;
  readonly mediaSequence: number;
  readonly playlistType: 'VOD' | 'EVENT' | undefined;
  readonly hasEndList: boolean;
  readonly isIndependentSegments: boolean;
  /** The first EXT-X-MAP URI (the init segment), undefined for MPEG-TS playlists. */
  readonly mapUri: string | undefined;
  readonly segments: readonly MediaPlaylistSegment[];
}

/**
 * Reads an HLS media playlist into plain data. Pure and tolerant: unknown tags are ignored and
 * nothing is validated beyond what is needed to list the segments (validation is separate).
 *
 * Use it to read back what ffmpeg wrote before measuring segments.
 *
 * @example
 * parseMediaPlaylist('#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4.0,\na_00000.ts\n#EXT-X-ENDLIST\n').segments;
 * // [{ uri: 'a_00000.ts', durationSeconds: 4, byteRange: undefined, key: undefined, map: undefined, isDiscontinuity: false, programDateTime: undefined }]
 */
export function parseMediaPlaylist(text: string): MediaPlaylist {
  const lines = text.replace(/^\uFEFF/u, '').split(/\r?\n/u).map((l) => l.trim());
  if (lines[0] !== '#EXTM3U') {
    throw new PackagerError('VERIFY_INPUT_INVALID', 'The playlist does not start with #EXTM3U, so it is not an HLS playlist. Check the path points at a .m3u8 media playlist.');
  }
  if (lines.some((l) => l.startsWith('#EXT-X-STREAM-INF'))) {
    throw new PackagerError('VERIFY_INPUT_INVALID', 'The playlist is a multivariant (master) playlist; pass one of the media playlists it lists.');
  }
  let version: number | undefined;
  let targetDurationSeconds = 0;
  let mediaSequence = 0;
  let playlistType: 'VOD' | 'EVENT' | undefined;
  let hasEndList = false;
  let isIndependentSegments = false;
  let key: SegmentKey | undefined;
  let map: MediaInitSection | undefined;
  let mapUri: string | undefined;
  const segments: MediaPlaylistSegment[] = [];
  // Per-segment state, reset after each URI line.
  let durationSeconds: number | undefined;
  let byteRangeSpec: string | undefined;
  let isDiscontinuity = false;
  let programDateTime: string | undefined;
  const nextOffsetByUri = new Map<string, number>();

  for (const line of lines.slice(1)) {
    if (line === '') continue;
    if (!line.startsWith('#')) {
      if (durationSeconds === undefined) continue; // a URI without EXTINF: tolerate, skip
      const byteRange = byteRangeSpec === undefined ? undefined : resolveByteRange(byteRangeSpec, nextOffsetByUri.get(line));
      if (byteRange) nextOffsetByUri.set(line, byteRange.offsetBytes + byteRange.lengthBytes);
      segments.push({ uri: line, durationSeconds, byteRange, key, map, isDiscontinuity, programDateTime });
      durationSeconds = undefined;
      byteRangeSpec = undefined;
      isDiscontinuity = false;
      programDateTime = undefined;
      continue;
    }
    const colon = line.indexOf(':');
    const tag = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1);
    switch (tag) {
      case '#EXT-X-VERSION':
        version = Number.parseInt(value, 10);
        break;
      case '#EXT-X-TARGETDURATION':
        targetDurationSeconds = Number(value);
        break;
      case '#EXT-X-MEDIA-SEQUENCE':
        mediaSequence = Number.parseInt(value, 10);
        break;
      case '#EXT-X-PLAYLIST-TYPE':
        playlistType = value === 'VOD' || value === 'EVENT' ? value : undefined;
        break;
      case '#EXT-X-ENDLIST':
        hasEndList = true;
        break;
      case '#EXT-X-INDEPENDENT-SEGMENTS':
        isIndependentSegments = true;
        break;
      case '#EXTINF':
        durationSeconds = Number.parseFloat(value.split(',')[0] ?? '');
        if (!Number.isFinite(durationSeconds)) durationSeconds = 0;
        break;
      case '#EXT-X-BYTERANGE':
        byteRangeSpec = value;
        break;
      case '#EXT-X-DISCONTINUITY':
        isDiscontinuity = true;
        break;
      case '#EXT-X-PROGRAM-DATE-TIME':
        programDateTime = value;
        break;
      case '#EXT-X-KEY': {
        const a = parseHlsAttributeList(value);
        key = a['METHOD'] === undefined || a['METHOD'] === 'NONE' ? undefined : { method: a['METHOD'], uri: a['URI'], iv: a['IV'], keyFormat: a['KEYFORMAT'] };
        break;
      }
      case '#EXT-X-MAP': {
        const a = parseHlsAttributeList(value);
        if (a['URI'] === undefined) break;
        map = { uri: a['URI'], byteRange: a['BYTERANGE'] === undefined ? undefined : resolveByteRange(a['BYTERANGE'], 0) };
        mapUri ??= a['URI'];
        break;
      }
      default:
        break;
    }
  }
  return { version, targetDurationSeconds, mediaSequence, playlistType, hasEndList, isIndependentSegments, mapUri, segments };
}

/** `n[@o]`: when `@o` is absent the range follows the previous range of the same resource. */
function resolveByteRange(spec: string, implicitOffsetBytes: number | undefined): ByteRange {
  const [length, offset] = spec.split('@');
  return {
    lengthBytes: Number.parseInt(length ?? '0', 10),
    offsetBytes: offset === undefined ? (implicitOffsetBytes ?? 0) : Number.parseInt(offset, 10),
  };
}
