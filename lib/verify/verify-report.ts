/**
 * The rules `verify()` checks, by id. `hls.*` apply to HLS playlists, `dash.*` to MPDs, `segments.*` and
 * `media.*` to the media of both.
 *
 * - `hls.syntax.strict`: the playlist parses with hls-parser in strict mode (RFC 8216 syntax, EXT-X-VERSION high enough for the features used).
 * - `hls.target-duration`: every EXTINF, rounded, is ≤ EXT-X-TARGETDURATION (RFC 8216 §4.3.3.1).
 * - `hls.target-duration.shared`: every media playlist of the package has the same target duration (Apple 8.2); warning.
 * - `hls.playlist-type`: a finished playlist says EXT-X-PLAYLIST-TYPE:VOD and ends with EXT-X-ENDLIST (Apple 8.6); warning.
 * - `hls.independent-segments`: the master says EXT-X-INDEPENDENT-SEGMENTS (Apple 9.11); warning.
 * - `hls.codecs.present` / `hls.codecs.match`: CODECS is on every variant (Apple 9.1) and lists exactly the codecs in the segments, audio group included.
 * - `hls.bandwidth.peak`: BANDWIDTH is not below the measured peak, video + the audio group's highest peak (Apple 9.13); more than 10% above is a warning (Apple 1.27).
 * - `hls.average-bandwidth`: AVERAGE-BANDWIDTH is present (Apple 9.14) and within 10% of the measured average, audio included (Apple 1.26).
 * - `hls.resolution` / `hls.frame-rate`: RESOLUTION (Apple 9.2) and FRAME-RATE (Apple 9.15) are present on video variants and true.
 * - `segments.present`: every listed segment (and init segment) exists, or answers 200 over HTTP.
 * - `segments.keyframe-start`: every video segment starts with a key frame, read by decoding it (Apple 7.4).
 * - `segments.duration`: segments are at most 6 s (Apple 7.5) and, but for the last, of one length (Apple 7.6); warning.
 * - `segments.aligned`: every video rung has the same number of segments, each starting within 50 ms of the others'.
 * - `media.same-duration`: audio and video cover the same duration, within 0.5 s (Apple 8.3).
 * - `dash.video-adaptation-sets`: the video Representations of one codec share one AdaptationSet, so players can switch.
 * - `dash.audio-duplicates`: an audio AdaptationSet does not repeat one encoding; warning.
 * - `dash.timeline`: each segment's real duration matches its SegmentTimeline entry within one frame.
 * - `dash.max-segment-duration`: MPD@maxSegmentDuration is not below the longest real segment, nor more than 0.5 s above it.
 * - `dash.codecs`: Representation@codecs equals the codecs of its initialization segment.
 * - `dash.bandwidth`: @bandwidth and MPD@minBufferTime are true by the DASH definition: at @bandwidth, every segment
 *   arrives before it is due when playback starts after minBufferTime.
 * - `dash.resolution`: @width/@height equal the real picture size.
 */
export type RuleId =
  | 'hls.syntax.strict'
  | 'hls.target-duration'
  | 'hls.target-duration.shared'
  | 'hls.playlist-type'
  | 'hls.independent-segments'
  | 'hls.codecs.present'
  | 'hls.codecs.match'
  | 'hls.bandwidth.peak'
  | 'hls.average-bandwidth'
  | 'hls.resolution'
  | 'hls.frame-rate'
  | 'segments.present'
  | 'segments.keyframe-start'
  | 'segments.duration'
  | 'segments.aligned'
  | 'media.same-duration'
  | 'dash.video-adaptation-sets'
  | 'dash.audio-duplicates'
  | 'dash.timeline'
  | 'dash.max-segment-duration'
  | 'dash.codecs'
  | 'dash.bandwidth'
  | 'dash.resolution';

/**
 * The verdict of one rule on one subject: `fail` breaks the package (the report is not ok), `warn` is a
 * recommendation not followed, `skip` means the rule could not be checked (the reason is in the message).
 */
export type RuleStatus = 'pass' | 'fail' | 'warn' | 'skip';

/** One rule checked on one subject, with what was expected and what was found. Plain data. */
export interface RuleResult {
  readonly rule: RuleId;
  readonly status: RuleStatus;
  /** What was checked: a playlist or variant URI relative to the target, `Representation 1`, or the manifest itself. */
  readonly subject: string;
  /** What was expected and what was found, with numbers, e.g. `BANDWIDTH 400000 is below the measured peak 512345 (video 480000 + audio 32345)`. */
  readonly message: string;
}

/** What `verify()` found. `ok` is false when any rule failed; warnings and skips do not make it false. Plain data (JSON-serialisable). */
export interface VerifyReport {
  /** The path or URL verified, as given (credentials redacted). */
  readonly target: string;
  readonly format: 'hls' | 'dash';
  readonly ok: boolean;
  /** Every rule checked, passed ones included, grouped by subject in manifest order. */
  readonly checks: readonly RuleResult[];
}

/** Options of `verify()`. */
export interface VerifyOptions {
  /** Path to ffprobe. @default process.env.FFPROBE_PATH, else `ffprobe` on PATH */
  readonly ffprobePath?: string;
  /** Stops downloads and ffprobe; `verify()` then rejects with `ABORTED`. @default none */
  readonly signal?: AbortSignal;
  /** Time allowed for each HTTP request (manifest or segment), milliseconds. @default 30000 */
  readonly fetchTimeoutMs?: number;
}
