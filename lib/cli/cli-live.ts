import { InvalidOptionError } from '../errors.js';

/** The `--live` part of an `ffstream hls|dash` command line: the job's `live` options, minus the stop signal. */
export interface CliLive {
  /** `--window N`: segments listed in each playlist and in the DASH window. @default the library's (6) */
  readonly windowSegments?: number;
  /** `--event`: keep every segment (`EXT-X-PLAYLIST-TYPE:EVENT`) instead of a sliding window. @default 'sliding' */
  readonly playlistType?: 'sliding' | 'event';
  /** `--duration SECONDS`: stop gracefully after this much media. @default no limit */
  readonly durationMs?: number;
}

/** The raw flag values {@link liveOf} reads. */
export interface LiveFlags {
  readonly live?: boolean | undefined;
  readonly window?: string | undefined;
  readonly event?: boolean | undefined;
  readonly duration?: string | undefined;
}

/**
 * Pure: the live options from `--live`, `--window N`, `--event` and `--duration SECONDS`; any of them turns live
 * packaging on. Null when none is given (a live source, e.g. `--capture` or `--loop`, is still packaged live, with the
 * defaults). Throws `INVALID_OPTION` naming the flag.
 *
 * @example
 * liveOf({ live: true, window: '10', duration: '60' }); // { windowSegments: 10, durationMs: 60000 }
 */
export function liveOf(flags: LiveFlags): CliLive | null {
  if (!flags.live && flags.window === undefined && !flags.event && flags.duration === undefined) return null;
  if (flags.event && flags.window !== undefined) {
    throw new InvalidOptionError('--window', 'left out with --event', flags.window, 'An event playlist keeps every segment; --window sizes a sliding one.');
  }
  let windowSegments: number | undefined;
  if (flags.window !== undefined) {
    windowSegments = /^\d+$/u.test(flags.window) ? Number(flags.window) : Number.NaN;
    if (!(windowSegments >= 1)) throw new InvalidOptionError('--window', 'a whole number of segments, 1 or more (e.g. 6)', flags.window);
  }
  let durationMs: number | undefined;
  if (flags.duration !== undefined) {
    const seconds = flags.duration.trim() === '' ? Number.NaN : Number(flags.duration);
    if (!Number.isFinite(seconds) || seconds <= 0) throw new InvalidOptionError('--duration', 'a positive number of seconds, e.g. 60', flags.duration);
    durationMs = Math.round(seconds * 1000);
  }
  return {
    ...(windowSegments !== undefined ? { windowSegments } : {}),
    ...(flags.event ? { playlistType: 'event' as const } : {}),
    ...(durationMs !== undefined ? { durationMs } : {}),
  };
}
