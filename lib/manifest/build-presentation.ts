import { access, readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Presentation, Rendition } from '../contracts/presentation.js';
import { InvalidOptionError, OutputError, PackagerError } from '../errors.js';
import type { BinaryOptions } from '../ffmpeg/locate-ffmpeg.js';
import { encodeUriPath } from './encode-uri-path.js';
import { measureDashRepresentation } from './measure-dash-representation.js';
import { measureHlsRendition } from './measure-hls-rendition.js';
import type { MeasuredStream } from './measured-stream.js';
import { readMpd } from './read-mpd.js';

/** One HLS rendition of a package: its role, id and media playlist. */
export interface HlsRenditionSource {
  readonly type: 'video' | 'audio';
  /** Stable id, e.g. `720p` or `audio`. */
  readonly id: string;
  /** The media playlist ffmpeg wrote. */
  readonly playlistPath: string;
  /** BCP 47 language of an audio rendition. @default the stream's language tag, else `und` */
  readonly language?: string;
}

/** Where a finished package's manifests are: HLS media playlists with roles, or one MPD. */
export type PresentationSource =
  | {
      readonly format: 'hls';
      readonly renditions: readonly HlsRenditionSource[];
      /** Directory the master will be written in; playlist URIs are made relative to it. @default the first playlist's directory */
      readonly masterDir?: string;
    }
  | {
      readonly format: 'dash';
      readonly mpdPath: string;
      /**
       * HLS media playlist per Representation id, relative to the MPD, for `-hls_playlist 1` packages.
       * @default `media_<id>.m3u8` when ffmpeg wrote it next to the MPD, else none (`playlistUri` is '')
       */
      readonly hlsPlaylistUris?: Readonly<Record<string, string>>;
    };

/**
 * Measures every rendition of a finished package and assembles the format-neutral {@link Presentation}
 * the HLS and DASH writers serialise. Every number comes from the files on disk.
 *
 * Use it once ffmpeg has exited successfully. Renditions are measured concurrently (one ffprobe each).
 *
 * @example
 * const presentation = await buildPresentation({ format: 'hls', renditions: [
 *   { type: 'video', id: '360p', playlistPath: 'out/clip_360p.m3u8' },
 *   { type: 'audio', id: 'audio', playlistPath: 'out/clip_audio.m3u8', language: 'en' },
 * ] });
 * writeHlsMaster(presentation); // '#EXTM3U\n#EXT-X-VERSION:3\n…'
 */
export async function buildPresentation(source: PresentationSource, options: BinaryOptions = {}): Promise<Presentation> {
  return source.format === 'hls' ? buildFromHls(source.renditions, source.masterDir, options) : buildFromDash(source.mpdPath, source.hlsPlaylistUris, options);
}

async function buildFromHls(sources: readonly HlsRenditionSource[], masterDir: string | undefined, options: BinaryOptions): Promise<Presentation> {
  const first = sources[0];
  if (!first) throw new InvalidOptionError('renditions', 'a non-empty list of renditions', sources);
  const base = masterDir ?? dirname(first.playlistPath);
  const measured = await Promise.all(sources.map((s) => measureHlsRendition(s.playlistPath, options)));
  const renditions = sources.map((s, i) => toRendition(s.type, s.id, posixRelative(base, s.playlistPath), measured[i] as MeasuredStream, s.language));
  return assemble(renditions, measured);
}

async function buildFromDash(mpdPath: string, hlsPlaylistUris: Readonly<Record<string, string>> | undefined, options: BinaryOptions): Promise<Presentation> {
  let xml: string;
  try {
    xml = await readFile(mpdPath, 'utf8');
  } catch (cause) {
    throw new OutputError('OUTPUT_INCOMPLETE', mpdPath, `The MPD "${mpdPath}" cannot be read; check ffmpeg finished writing the package.`, { cause });
  }
  const mpd = readMpd(xml);
  if (mpd.periods.length > 1) {
    throw new PackagerError('UNSUPPORTED', `The MPD "${mpdPath}" has ${mpd.periods.length} Periods; the library builds presentations from single-Period packages only.`);
  }
  const isLive = mpd.type === 'dynamic';
  const jobs = mpd.periods.flatMap((period) =>
    period.adaptationSets.flatMap((set) =>
      set.representations.map(async (rep) => {
        const measured = await measureDashRepresentation(mpdPath, rep, { ...options, isLive });
        const type = set.contentType === 'audio' || (set.contentType === undefined && measured.codecs.video === undefined) ? 'audio' : 'video';
        const playlistUri = hlsPlaylistUris?.[rep.id] ?? (await ffmpegHlsPlaylistOf(mpdPath, rep.id));
        return { rendition: toRendition(type, rep.id, playlistUri, measured, set.language), measured };
      }),
    ),
  );
  const results = await Promise.all(jobs);
  return assemble(
    results.map((r) => r.rendition),
    results.map((r) => r.measured),
  );
}

function toRendition(type: 'video' | 'audio', id: string, playlistUri: string, m: MeasuredStream, language: string | undefined): Rendition {
  const base = { id, playlistUri, initUri: m.initUri, segments: m.segments, peakBps: m.peakBps, averageBps: m.averageBps };
  if (type === 'video') {
    if (m.codecs.video === undefined || !m.video) {
      throw new InvalidOptionError(`renditions["${id}"].type`, `"audio" (its segments in "${m.manifestPath}" have no video stream)`, type);
    }
    // A rendition with muxed audio declares both codecs.
    const codecs = m.codecs.audio === undefined ? m.codecs.video : `${m.codecs.video},${m.codecs.audio}`;
    return { ...base, type, codecs, width: m.video.width, height: m.video.height, frameRate: m.video.frameRate };
  }
  if (m.codecs.audio === undefined || !m.audio) {
    throw new InvalidOptionError(`renditions["${id}"].type`, `"video" (its segments in "${m.manifestPath}" have no audio stream)`, type);
  }
  return { ...base, type, codecs: m.codecs.audio, channels: m.audio.channels, sampleRateHz: m.audio.sampleRateHz, language: language ?? m.audio.language };
}

function assemble(renditions: readonly Rendition[], measured: readonly MeasuredStream[]): Presentation {
  const formats = new Set(measured.map((m) => m.segmentFormat));
  if (formats.size > 1) {
    throw new PackagerError('UNSUPPORTED', 'The package mixes MPEG-TS and fMP4 renditions; one package must use one segment format. Re-run with a single `segmentFormat`.');
  }
  return {
    kind: measured.some((m) => m.kind === 'live') ? 'live' : 'vod',
    segmentFormat: measured[0]?.segmentFormat ?? 'mpegts',
    renditions,
    maxSegmentDurationSeconds: Math.max(0, ...measured.map((m) => m.maxSegmentDurationSeconds)),
    durationSeconds: Math.max(0, ...measured.map((m) => m.durationSeconds)),
  };
}

/** ffmpeg's dash muxer names the `-hls_playlist 1` media playlist of stream N `media_N.m3u8`, N being the Representation id. */
async function ffmpegHlsPlaylistOf(mpdPath: string, representationId: string): Promise<string> {
  const name = `media_${representationId}.m3u8`;
  try {
    await access(join(dirname(mpdPath), name));
    return name;
  } catch {
    return '';
  }
}

/** The URI of `to` relative to the directory `from`. */
function posixRelative(from: string, to: string): string {
  return encodeUriPath(relative(from, to).split(sep).join('/'));
}
