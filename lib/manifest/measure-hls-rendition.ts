import { readFile } from 'node:fs/promises';
import { OutputError, PackagerError } from '../errors.js';
import type { BinaryOptions } from '../ffmpeg/locate-ffmpeg.js';
import type { MeasuredStream } from './measured-stream.js';
import { measureSegments } from './measure-segments.js';
import type { ListedSegment } from './measure-segments.js';
import { parseMediaPlaylist } from './parse-media-playlist.js';

/**
 * Measures one HLS rendition from its media playlist and the files it lists: per-segment bytes, peak and
 * average bitrate, exact codec strings and the probed width/height/frame rate or channels/sample rate.
 *
 * Use it after ffmpeg has finished, before writing the master playlist. Rejects with `OUTPUT_INCOMPLETE`
 * when a listed file is missing, `UNSUPPORTED` for AES-128-encrypted segments (their bytes cannot be read
 * without the key), and `PROBE_FAILED` when ffprobe cannot read the first segment.
 *
 * @example
 * const audio = await measureHlsRendition('out/clip_audio.m3u8');
 * audio.codecs; // { audio: 'mp4a.40.2' }
 * audio.peakBps; // 104_907.2
 */
export async function measureHlsRendition(playlistPath: string, options: BinaryOptions = {}): Promise<MeasuredStream> {
  let text: string;
  try {
    text = await readFile(playlistPath, 'utf8');
  } catch (cause) {
    throw new OutputError('OUTPUT_INCOMPLETE', playlistPath, `The media playlist "${playlistPath}" cannot be read; check ffmpeg finished writing the package.`, { cause });
  }
  const playlist = parseMediaPlaylist(text);
  if (playlist.segments.length === 0) {
    throw new OutputError('OUTPUT_INCOMPLETE', playlistPath, `The media playlist "${playlistPath}" lists no segments; the encode produced no media.`);
  }
  if (playlist.segments.some((s) => s.key?.method === 'AES-128')) {
    throw new PackagerError('UNSUPPORTED', `The segments of "${playlistPath}" are AES-128 encrypted, so their codecs cannot be read. Measure the package before encryption, or give the codecs explicitly.`);
  }
  let startSeconds = 0;
  const segments: ListedSegment[] = playlist.segments.map((s) => {
    const listed = { uri: s.uri, startSeconds, durationSeconds: s.durationSeconds, byteRange: s.byteRange };
    startSeconds += s.durationSeconds;
    return listed;
  });
  const map = playlist.segments[0]?.map;
  return measureSegments(
    {
      manifestPath: playlistPath,
      kind: playlist.hasEndList || playlist.playlistType === 'VOD' ? 'vod' : 'live',
      init: map ? { uri: map.uri, byteRange: map.byteRange } : undefined,
      segments,
    },
    options,
  );
}
