import { extname, resolve } from 'node:path';
import { InvalidOptionError, PackagerError } from '../errors.js';
import type { BinaryOptions } from '../ffmpeg/locate-ffmpeg.js';
import type { VideoFormat } from '../format/video-format.js';
import { Formats } from '../format/formats.js';
import type { Representation } from '../format/representation.js';
import type { AutoLadderOptions } from '../ladder/auto-representations.js';
import { rejectDashEncryption, resolveHlsEncryption, type HlsEncryptionOptions, type ResolvedHlsEncryption } from '../encrypt/hls-encryption-options.js';

/** Live packaging (sliding-window or event playlists). */
export interface LiveOptions {
  /** Segments listed in each media playlist and in the DASH window. @default 6 */
  readonly windowSegments?: number;
  /**
   * 'sliding': a window of `windowSegments`; segments that leave it are deleted from disk (and from the sinks when
   * `uploadTo(..., { deleteRemoved: true })`). 'event': every segment kept (`EXT-X-PLAYLIST-TYPE:EVENT`).
   * @default 'sliding'
   */
  readonly playlistType?: 'sliding' | 'event';
  /** Aborting it ends the job gracefully: ffmpeg stops cleanly, final playlists (with ENDLIST) are written, `done` is emitted. */
  readonly stopSignal?: AbortSignal;
  /** Ends the job gracefully (as `stopSignal`) after this much encoded media time. @default no limit */
  readonly durationMs?: number;
}

/** {@link LiveOptions} after defaults and validation. */
export interface ResolvedLiveOptions {
  readonly windowSegments: number;
  readonly playlistType: 'sliding' | 'event';
  readonly stopSignal: AbortSignal | undefined;
  /** Null: no limit. */
  readonly durationMs: number | null;
}

/**
 * The one options type of a packaging job (HLS or DASH). Every field but `output` has a default.
 * Resolved once, when the operator is created, so a bad option throws before any ffmpeg starts.
 */
export interface PackageOptions extends BinaryOptions {
  /**
   * Path of the entry manifest: `out/master.m3u8` for HLS, `out/manifest.mpd` for DASH. Its directory is created
   * if missing; every other file is written beside it. The name may hold dots, spaces, quotes or non-ASCII.
   */
  readonly output: string;
  /** Video and audio codecs. @default Formats.h264() (H.264 + AAC) */
  readonly format?: VideoFormat;
  /** The ladder; `'auto'` builds it from the probed source (see `autoGenerateRepresentations`). @default 'auto' */
  readonly representations?: readonly Representation[] | 'auto';
  /** Options of the automatic ladder. @default {} */
  readonly autoRepresentations?: AutoLadderOptions;
  /** Target segment duration; a whole multiple of `keyFrameIntervalSeconds`. @default 6 */
  readonly segmentDurationSeconds?: number;
  /** A key frame is forced at every multiple of this, in every rung. @default 2 */
  readonly keyFrameIntervalSeconds?: number;
  /** Bitrate of the shared audio rendition. @default the ladder's audio bitrate (128 kb/s stereo AAC) */
  readonly audioBitrateBps?: number;
  /** Pixel format of every rung; 8-bit 4:2:0 plays everywhere. @default 'yuv420p' */
  readonly pixelFormat?: string;
  /** Sources above this frame rate are halved until they fit (Apple caps at 60). @default 60 */
  readonly maxFrameRate?: number;
  /** Peak rate allowed by the encoder's VBV, as a multiple of each rung's bitrate. @default 1.2 */
  readonly maxrateFactor?: number;
  /** VBV buffer size, as a multiple of each rung's bitrate (in bits, i.e. seconds of it). @default 2 */
  readonly bufsizeFactor?: number;
  /** Aborting stops ffmpeg and fails the job with `ABORTED`; no manifest is written. */
  readonly signal?: AbortSignal;
  /** Wait between SIGTERM and SIGKILL when ffmpeg is stopped. @default 5000 */
  readonly killGraceMs?: number;
  /** Unsupported escape hatch: extra ffmpeg output options, unvalidated, placed before the output name. @default [] */
  readonly extraArgs?: readonly string[];
  /**
   * Live mode: media playlists with `PROGRAM-DATE-TIME` and no `ENDLIST` until the job stops, a sliding window
   * (or an event playlist), the master / a dynamic MPD written as soon as the first segments exist. `true` = the
   * defaults of {@link LiveOptions}; `false` packages even a live source as VOD (stop it with `-t` in its input options).
   * @default off for files; on, with defaults, whenever the source is live (`MediaInput.isLive`)
   */
  readonly live?: LiveOptions | boolean;
}

/** HLS-only options. */
export interface HlsPackageOptions extends PackageOptions {
  /** Segment container. MPEG-TS is for H.264 only. @default 'mpegts' for H.264, 'fmp4' otherwise */
  readonly segmentType?: 'mpegts' | 'fmp4';
  /** Extra `EXT-X-STREAM-INF` attributes per rung name (the Python library's `stream_info`). @default {} */
  readonly streamInfo?: Readonly<Record<string, readonly string[]>>;
  /**
   * AES-128 encryption: one key for the package, or a new key every `rotationPeriodSegments` segments, the same
   * segment index in every rendition; keys stored (see `KeyStore`) before any playlist names them. TS and fMP4.
   * @default none (clear segments)
   */
  readonly encryption?: HlsEncryptionOptions;
}

/** DASH-only options. */
export interface DashPackageOptions extends PackageOptions {
  /** Also write HLS playlists (and a master) over the same fMP4 segments, so one encode serves both. @default false */
  readonly generateHlsPlaylist?: boolean;
  /** Not supported: DASH encryption means CENC, which ffmpeg 5.1 writes unplayably. Use HLS with AES-128. */
  readonly encryption?: undefined;
}

/** Options after defaults and validation. */
export interface ResolvedPackageOptions {
  readonly kind: 'hls' | 'dash';
  readonly output: string;
  readonly format: VideoFormat;
  readonly representations: readonly Representation[] | 'auto';
  readonly autoRepresentations: AutoLadderOptions;
  readonly segmentDurationSeconds: number;
  readonly keyFrameIntervalSeconds: number;
  readonly audioBitrateBps: number | undefined;
  readonly pixelFormat: string;
  readonly maxFrameRate: number;
  readonly maxrateFactor: number;
  readonly bufsizeFactor: number;
  readonly signal: AbortSignal | undefined;
  readonly killGraceMs: number;
  readonly extraArgs: readonly string[];
  readonly binaries: BinaryOptions;
  readonly segmentType: 'mpegts' | 'fmp4';
  readonly streamInfo: Readonly<Record<string, readonly string[]>>;
  readonly generateHlsPlaylist: boolean;
  /** HLS AES-128 encryption; absent for clear segments. */
  readonly encryption?: ResolvedHlsEncryption;
  /**
   * Live settings: resolved options when live mode was asked for, `'if-source-is-live'` when not said (the job turns
   * live mode on, with defaults, for a live source: see {@link liveOptionsFor}), null when turned off (`live: false`).
   * Optional for hand-built options. @default 'if-source-is-live'
   */
  readonly live?: ResolvedLiveOptions | 'if-source-is-live' | null;
}

/** Default live settings (`live: true`, or a live source with no `live` option). */
export const DEFAULT_LIVE_OPTIONS: ResolvedLiveOptions = { windowSegments: 6, playlistType: 'sliding', stopSignal: undefined, durationMs: null };

/** The live settings of a job given its source: null for a VOD job. */
export function liveOptionsFor(options: Pick<ResolvedPackageOptions, 'live'>, input: { readonly isLive: boolean }): ResolvedLiveOptions | null {
  const live = options.live === undefined ? 'if-source-is-live' : options.live;
  if (live === 'if-source-is-live') return input.isLive ? DEFAULT_LIVE_OPTIONS : null;
  return live;
}

/** Validates and fills in {@link PackageOptions.live}. Throws {@link InvalidOptionError}. */
export function resolveLiveOptions(live: LiveOptions | boolean | undefined): ResolvedLiveOptions | 'if-source-is-live' | null {
  if (live === undefined) return 'if-source-is-live';
  if (live === false) return null;
  if (live === true) return DEFAULT_LIVE_OPTIONS;
  if (typeof live !== 'object' || live === null) throw new InvalidOptionError('live', 'true, false or a LiveOptions object', live);
  const windowSegments = live.windowSegments ?? DEFAULT_LIVE_OPTIONS.windowSegments;
  if (!Number.isInteger(windowSegments) || windowSegments < 1) {
    throw new InvalidOptionError('live.windowSegments', 'a whole number of segments, 1 or more', windowSegments, 'Apple recommends at least 6 segments in a live window (3 are the minimum players need).');
  }
  const playlistType = live.playlistType ?? 'sliding';
  if (playlistType !== 'sliding' && playlistType !== 'event') throw new InvalidOptionError('live.playlistType', '"sliding" or "event"', playlistType);
  if (live.durationMs !== undefined) positive('live.durationMs', live.durationMs);
  if (live.stopSignal !== undefined && !(live.stopSignal instanceof AbortSignal)) throw new InvalidOptionError('live.stopSignal', 'an AbortSignal', live.stopSignal);
  return { windowSegments, playlistType, stopSignal: live.stopSignal, durationMs: live.durationMs ?? null };
}

/** Validates and fills in an HLS job's options. Throws {@link InvalidOptionError} before anything runs. */
export function resolveHlsOptions(options: HlsPackageOptions): ResolvedPackageOptions {
  const base = resolveCommon('hls', options, '.m3u8');
  const segmentType = options.segmentType ?? (base.format.codec === 'h264' ? 'mpegts' : 'fmp4');
  if (segmentType !== 'mpegts' && segmentType !== 'fmp4') throw new InvalidOptionError('segmentType', '"mpegts" or "fmp4"', segmentType);
  if (segmentType === 'mpegts' && base.format.codec !== 'h264') {
    throw new InvalidOptionError(
      'segmentType',
      '"fmp4" for ' + base.format.codec.toUpperCase(),
      segmentType,
      'MPEG-TS HLS carries H.264 only (Apple requires fMP4 for HEVC; VP9 and AV1 cannot go in TS). Use fragmentedMp4() / --fmp4, or Formats.h264().',
    );
  }
  const encryption = options.encryption === undefined ? {} : { encryption: resolveHlsEncryption(options.encryption, base.output) };
  return { ...base, segmentType, streamInfo: options.streamInfo ?? {}, ...encryption };
}

/** Validates and fills in a DASH job's options. Throws {@link InvalidOptionError} before anything runs. */
export function resolveDashOptions(options: DashPackageOptions): ResolvedPackageOptions {
  rejectDashEncryption(options, options.generateHlsPlaylist === true);
  const base = resolveCommon('dash', options, '.mpd');
  return { ...base, segmentType: 'fmp4', generateHlsPlaylist: options.generateHlsPlaylist ?? false };
}

function resolveCommon(kind: 'hls' | 'dash', options: PackageOptions, extension: string): Omit<ResolvedPackageOptions, 'segmentType'> & { segmentType: 'fmp4' } {
  if (typeof options.output !== 'string' || options.output.trim() === '') {
    throw new InvalidOptionError('output', `a path ending in ${extension}`, options.output);
  }
  if (extname(options.output).toLowerCase() !== extension) {
    throw new InvalidOptionError('output', `a path ending in ${extension}`, options.output, `For example "out/${kind === 'hls' ? 'master.m3u8' : 'manifest.mpd'}".`);
  }
  const segmentDurationSeconds = options.segmentDurationSeconds ?? 6;
  const keyFrameIntervalSeconds = options.keyFrameIntervalSeconds ?? 2;
  positive('keyFrameIntervalSeconds', keyFrameIntervalSeconds);
  positive('segmentDurationSeconds', segmentDurationSeconds);
  const ratio = segmentDurationSeconds / keyFrameIntervalSeconds;
  if (Math.abs(ratio - Math.round(ratio)) > 1e-6 || Math.round(ratio) < 1) {
    throw new InvalidOptionError(
      'segmentDurationSeconds',
      `a whole multiple of keyFrameIntervalSeconds (${keyFrameIntervalSeconds})`,
      segmentDurationSeconds,
      'Every segment must start on a forced key frame, or segments come out uneven and rungs misaligned. Use e.g. 4 or 6, or change keyFrameIntervalSeconds.',
    );
  }
  const representations = options.representations ?? 'auto';
  if (representations !== 'auto' && (!Array.isArray(representations) || representations.length === 0)) {
    throw new InvalidOptionError('representations', "'auto' or a non-empty array of Representation", representations);
  }
  if (options.audioBitrateBps !== undefined) positive('audioBitrateBps', options.audioBitrateBps);
  const maxFrameRate = options.maxFrameRate ?? 60;
  positive('maxFrameRate', maxFrameRate);
  const maxrateFactor = options.maxrateFactor ?? 1.2;
  if (!(maxrateFactor >= 1)) throw new InvalidOptionError('maxrateFactor', 'a number of at least 1', maxrateFactor);
  const bufsizeFactor = options.bufsizeFactor ?? 2;
  positive('bufsizeFactor', bufsizeFactor);
  const killGraceMs = options.killGraceMs ?? 5000;
  if (!(killGraceMs >= 0)) throw new InvalidOptionError('killGraceMs', 'a number of milliseconds, 0 or more', killGraceMs);
  const format = options.format === undefined ? Formats.h264() : options.format;
  if (typeof format !== 'object' || format === null || !('codec' in format) || typeof format.videoEncoder !== 'string' || typeof format.audioEncoder !== 'string') {
    throw new PackagerError('UNKNOWN_CODEC', 'The `format` option must come from Formats.h264(), Formats.hevc(), Formats.vp9() or Formats.av1().');
  }
  const binaries: { ffmpegPath?: string; ffprobePath?: string } = {};
  if (options.ffmpegPath !== undefined) binaries.ffmpegPath = options.ffmpegPath;
  if (options.ffprobePath !== undefined) binaries.ffprobePath = options.ffprobePath;
  return {
    kind,
    output: resolve(options.output),
    format,
    representations,
    autoRepresentations: options.autoRepresentations ?? {},
    segmentDurationSeconds,
    keyFrameIntervalSeconds,
    audioBitrateBps: options.audioBitrateBps,
    pixelFormat: options.pixelFormat ?? 'yuv420p',
    maxFrameRate,
    maxrateFactor,
    bufsizeFactor,
    signal: options.signal,
    killGraceMs,
    extraArgs: options.extraArgs ?? [],
    binaries,
    segmentType: 'fmp4',
    streamInfo: {},
    generateHlsPlaylist: false,
    live: resolveLiveOptions(options.live),
  };
}

function positive(option: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new InvalidOptionError(option, 'a positive number', value);
}
