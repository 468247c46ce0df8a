import type { AudioRendition, Presentation, Rendition, VideoRendition } from '../contracts/presentation.js';
import { InvalidOptionError, PackagerError } from '../errors.js';
import { encodeUriPath } from './encode-uri-path.js';

/** Options of {@link writeHlsMaster}. */
export interface HlsMasterOptions {
  /**
   * Extra EXT-X-STREAM-INF attributes per rendition id, each written as given after ours, e.g.
   * `{ '720p': ['VIDEO-RANGE=SDR', 'HDCP-LEVEL=NONE'] }`. Each must be `NAME=value` with an HLS attribute
   * name and must not repeat an attribute the writer sets (BANDWIDTH, CODECS, …).
   * @default {}
   */
  readonly extraStreamInfAttributes?: Readonly<Record<string, readonly string[]>>;
  /**
   * The video rung listed first. Apple starts playback at the first variant (and recommends the ~2 Mb/s
   * rung there); hls.js starts at the first listed level too.
   * @default the rung whose AVERAGE-BANDWIDTH is closest to 2,000,000 bps (the lower one on a tie)
   */
  readonly startRenditionId?: string;
  /** GROUP-ID of the audio renditions. @default 'audio' */
  readonly audioGroupId?: string;
  /** The audio rendition marked DEFAULT=YES. @default the first audio rendition */
  readonly defaultAudioId?: string;
  /** EXT-X-MEDIA NAME per audio rendition id. @default the rendition id */
  readonly audioNames?: Readonly<Record<string, string>>;
}

/** The bitrate Apple recommends as the default (first) variant (HLS Authoring Spec 1.32). */
const PREFERRED_START_BPS = 2_000_000;
const OWN_ATTRIBUTES = new Set(['BANDWIDTH', 'AVERAGE-BANDWIDTH', 'CODECS', 'RESOLUTION', 'FRAME-RATE', 'AUDIO']);

/**
 * Writes the HLS multivariant (master) playlist of a measured package. Pure: data in, text out.
 *
 * - `#EXT-X-VERSION` 3 for MPEG-TS, 7 for fMP4 (matching the media playlists), then `#EXT-X-INDEPENDENT-SEGMENTS`.
 * - Audio renditions become one `EXT-X-MEDIA` group (`AUDIO="audio"` on every rung, LANGUAGE, CHANNELS).
 * - One `EXT-X-STREAM-INF` per video rung: BANDWIDTH = rung peak + highest audio peak, AVERAGE-BANDWIDTH =
 *   rung average + highest audio average (integers, rounded up), exact CODECS, RESOLUTION, FRAME-RATE (3 decimals).
 * - Order: the start rung first (see {@link HlsMasterOptions.startRenditionId}), then the others by
 *   descending BANDWIDTH. Audio-only packages list each audio rendition as a variant, highest first.
 * - URIs are the renditions' `playlistUri`s, made valid with `encodeUriPath` (idempotent: encoded URIs stay as they are).
 *
 * @example
 * writeHlsMaster(presentation);
 * // '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",…\n'
 */
export function writeHlsMaster(presentation: Presentation, options: HlsMasterOptions = {}): string {
  const video = presentation.renditions.filter((r): r is VideoRendition => r.type === 'video');
  const audio = presentation.renditions.filter((r): r is AudioRendition => r.type === 'audio');
  if (video.length === 0 && audio.length === 0) {
    throw new PackagerError('UNSUPPORTED', 'The presentation has no renditions, so there is no master playlist to write.');
  }
  for (const r of presentation.renditions) {
    if (r.playlistUri === '') {
      throw new PackagerError('UNSUPPORTED', `Rendition "${r.id}" has no HLS media playlist (a DASH package without \`-hls_playlist 1\`?), so it cannot be listed in an HLS master.`);
    }
  }
  const extra = checkedExtraAttributes(options.extraStreamInfAttributes ?? {}, presentation.renditions);
  const lines = ['#EXTM3U', `#EXT-X-VERSION:${presentation.segmentFormat === 'fmp4' ? 7 : 3}`, '#EXT-X-INDEPENDENT-SEGMENTS'];

  if (video.length === 0) {
    for (const r of [...audio].sort((a, b) => b.peakBps - a.peakBps)) {
      lines.push(streamInf([`BANDWIDTH=${bps(r.peakBps)}`, `AVERAGE-BANDWIDTH=${bps(r.averageBps)}`, `CODECS="${r.codecs}"`, ...(extra[r.id] ?? [])]), encodeUriPath(r.playlistUri));
    }
    return `${lines.join('\n')}\n`;
  }

  const groupId = options.audioGroupId ?? 'audio';
  const defaultAudioId = options.defaultAudioId ?? audio[0]?.id;
  if (options.defaultAudioId !== undefined && !audio.some((a) => a.id === options.defaultAudioId)) {
    throw new InvalidOptionError('defaultAudioId', `one of the audio rendition ids (${audio.map((a) => `"${a.id}"`).join(', ') || 'none'})`, options.defaultAudioId);
  }
  for (const a of [...audio].sort((x, y) => Number(y.id === defaultAudioId) - Number(x.id === defaultAudioId))) {
    const attributes = [
      'TYPE=AUDIO',
      `GROUP-ID=${quoted(groupId)}`,
      `NAME=${quoted(options.audioNames?.[a.id] ?? a.id)}`,
      `LANGUAGE=${quoted(a.language || 'und')}`,
      `DEFAULT=${a.id === defaultAudioId ? 'YES' : 'NO'}`,
      'AUTOSELECT=YES',
      `CHANNELS="${a.channels}"`,
      `URI="${encodeUriPath(a.playlistUri)}"`,
    ];
    lines.push(`#EXT-X-MEDIA:${attributes.join(',')}`);
  }
  const audioPeakBps = Math.max(0, ...audio.map((a) => a.peakBps));
  const audioAverageBps = Math.max(0, ...audio.map((a) => a.averageBps));
  const audioCodecs = audio.flatMap((a) => a.codecs.split(','));
  for (const v of orderRungs(video, audioAverageBps, options.startRenditionId)) {
    const codecs = [...new Set([...v.codecs.split(','), ...audioCodecs])].join(',');
    const attributes = [
      `BANDWIDTH=${bps(v.peakBps + audioPeakBps)}`,
      `AVERAGE-BANDWIDTH=${bps(v.averageBps + audioAverageBps)}`,
      `CODECS="${codecs}"`,
      `RESOLUTION=${v.width}x${v.height}`,
      `FRAME-RATE=${v.frameRate.toFixed(3)}`,
      ...(audio.length > 0 ? [`AUDIO=${quoted(groupId)}`] : []),
      ...(extra[v.id] ?? []),
    ];
    lines.push(streamInf(attributes), encodeUriPath(v.playlistUri));
  }
  return `${lines.join('\n')}\n`;
}

function orderRungs(video: readonly VideoRendition[], audioAverageBps: number, startId: string | undefined): VideoRendition[] {
  const byBandwidth = [...video].sort((a, b) => b.peakBps - a.peakBps);
  let start: VideoRendition | undefined;
  if (startId !== undefined) {
    start = video.find((v) => v.id === startId);
    if (!start) throw new InvalidOptionError('startRenditionId', `one of the video rendition ids (${video.map((v) => `"${v.id}"`).join(', ')})`, startId);
  } else {
    const distance = (v: VideoRendition): number => Math.abs(v.averageBps + audioAverageBps - PREFERRED_START_BPS);
    start = [...byBandwidth].reverse().reduce<VideoRendition | undefined>((best, v) => (best === undefined || distance(v) < distance(best) ? v : best), undefined);
  }
  return start ? [start, ...byBandwidth.filter((v) => v !== start)] : byBandwidth;
}

function checkedExtraAttributes(extra: Readonly<Record<string, readonly string[]>>, renditions: readonly Rendition[]): Readonly<Record<string, readonly string[]>> {
  for (const [id, attributes] of Object.entries(extra)) {
    if (!renditions.some((r) => r.id === id)) {
      throw new InvalidOptionError('extraStreamInfAttributes', `keyed by rendition ids (${renditions.map((r) => `"${r.id}"`).join(', ')})`, id);
    }
    for (const attribute of attributes) {
      const m = /^([A-Z0-9-]+)=("[^"\r\n]*"|[^",\s]+)$/u.exec(attribute);
      if (!m) {
        throw new InvalidOptionError(`extraStreamInfAttributes["${id}"]`, 'HLS attributes written NAME=value or NAME="quoted value"', attribute, 'Names are upper-case letters, digits and dashes; quoted values cannot contain double quotes or line breaks.');
      }
      if (OWN_ATTRIBUTES.has(m[1] ?? '')) {
        throw new InvalidOptionError(`extraStreamInfAttributes["${id}"]`, `attributes other than ${[...OWN_ATTRIBUTES].join(', ')}`, attribute, 'The writer measures and sets those itself.');
      }
    }
  }
  return extra;
}

function streamInf(attributes: readonly string[]): string {
  return `#EXT-X-STREAM-INF:${attributes.join(',')}`;
}

/** Integer bits per second, rounded up so a declared bandwidth is never below the measured one. */
function bps(value: number): number {
  return Math.ceil(value - 1e-9);
}

/** A quoted-string for a non-URI attribute: double quotes and line breaks cannot be escaped in HLS, so they are replaced. */
function quoted(text: string): string {
  return `"${text.replace(/"/gu, "'").replace(/[\r\n]/gu, ' ')}"`;
}
