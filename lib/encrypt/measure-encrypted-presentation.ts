import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Presentation, Rendition, SegmentRef } from '../contracts/presentation.js';
import { OutputError } from '../errors.js';
import type { BinaryOptions } from '../ffmpeg/locate-ffmpeg.js';
import { buildPresentation } from '../manifest/build-presentation.js';
import { encodeUriPath } from '../manifest/encode-uri-path.js';
import { parseMediaPlaylist } from '../manifest/parse-media-playlist.js';
import { segmentBitrates } from '../manifest/segment-bitrates.js';

/** One rendition of an encrypted package: its public (encrypted) playlist and what is left of its clear staging. */
export interface EncryptedRenditionSource {
  readonly type: 'video' | 'audio';
  readonly id: string;
  /** The public media playlist (with EXT-X-KEY), in the output directory, where the master goes. */
  readonly publicPlaylistPath: string;
  /** The clear media playlist ffmpeg wrote, normalised, in the staging directory. */
  readonly clearPlaylistPath: string;
  /** A clear segment of the rendition still in the staging directory (file name). */
  readonly clearSegmentName: string;
}

/**
 * Measures an encrypted HLS package: codecs, resolution, frame rate, channels from the clear staged media (the
 * library cannot read encrypted bytes), bitrates from the public, encrypted segment sizes (what players download:
 * PKCS#7 adds 1 to 16 bytes per segment). The result describes the public package, ready for `writeHlsMaster`.
 */
export async function measureEncryptedPresentation(sources: readonly EncryptedRenditionSource[], stagingDir: string, options: BinaryOptions = {}): Promise<Presentation> {
  const probed = await buildPresentation(
    { format: 'hls', renditions: await Promise.all(sources.map(async (s) => ({ type: s.type, id: s.id, playlistPath: await writeProbePlaylist(s, stagingDir) }))), masterDir: stagingDir },
    options,
  );
  const renditions = await Promise.all(
    probed.renditions.map(async (clear, i): Promise<Rendition> => {
      const source = sources[i] as EncryptedRenditionSource;
      const playlist = parseMediaPlaylist(await readFile(source.publicPlaylistPath, 'utf8'));
      const dir = join(source.publicPlaylistPath, '..');
      let elapsedSeconds = 0;
      const starts = playlist.segments.map((s) => {
        const start = elapsedSeconds;
        elapsedSeconds += s.durationSeconds;
        return start;
      });
      const segments: SegmentRef[] = await Promise.all(
        playlist.segments.map(async (s, i) => ({
          uri: encodeUriPath(s.uri),
          startSeconds: starts[i] ?? 0,
          durationSeconds: s.durationSeconds,
          bytes: await encryptedBytes(join(dir, decodeURIComponent(s.uri))),
        })),
      );
      const { peakBps, averageBps } = segmentBitrates(segments);
      const initUri = playlist.mapUri === undefined ? undefined : encodeUriPath(playlist.mapUri);
      return { ...clear, playlistUri: encodeUriPath(basename(source.publicPlaylistPath)), initUri, segments, peakBps, averageBps };
    }),
  );
  const durations = renditions.map((r) => r.segments.reduce((sum, s) => sum + s.durationSeconds, 0));
  return {
    ...probed,
    renditions,
    maxSegmentDurationSeconds: Math.max(0, ...renditions.flatMap((r) => r.segments.map((s) => s.durationSeconds))),
    durationSeconds: Math.max(0, ...durations),
  };
}

/** A one-segment clear playlist (init + one segment) in the staging directory: all the clear facts need. */
async function writeProbePlaylist(source: EncryptedRenditionSource, stagingDir: string): Promise<string> {
  const clear = parseMediaPlaylist(await readFile(source.clearPlaylistPath, 'utf8'));
  const segment = clear.segments.find((s) => basename(decodeURIComponent(s.uri)) === source.clearSegmentName);
  if (!segment) throw new OutputError('OUTPUT_INCOMPLETE', source.clearPlaylistPath, `The clear playlist "${source.clearPlaylistPath}" does not list "${source.clearSegmentName}"; the package is incomplete.`);
  const lines = ['#EXTM3U', `#EXT-X-VERSION:${clear.version ?? 3}`, `#EXT-X-TARGETDURATION:${Math.ceil(clear.targetDurationSeconds)}`, '#EXT-X-PLAYLIST-TYPE:VOD'];
  if (segment.map) lines.push(`#EXT-X-MAP:URI="${segment.map.uri}"`);
  lines.push(`#EXTINF:${segment.durationSeconds.toFixed(6)},`, segment.uri, '#EXT-X-ENDLIST');
  const path = join(stagingDir, `.${source.id}.probe.m3u8`);
  await writeFile(path, `${lines.join('\n')}\n`, 'utf8');
  return path;
}

async function encryptedBytes(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (cause) {
    throw new OutputError('OUTPUT_INCOMPLETE', path, `The encrypted segment "${path}" is missing; the package is incomplete. Re-run the job.`, { cause });
  }
}
