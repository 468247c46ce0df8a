import type { OutputFile } from './output-file.js';
import type { OutputFileEvent } from './output-file-event.js';
import type { OutputLayout } from './output-layout.js';
import type { Presentation } from './presentation.js';
import type { Progress } from './progress.js';

/** What a finished job produced. Every number in `presentation` was measured from the files. */
export interface PackageResult {
  readonly format: 'hls' | 'dash' | 'mp4';
  /** Absolute output directory. */
  readonly outDir: string;
  /** The entry point: the HLS master playlist, the MPD, or the MP4 file. */
  readonly manifestPath: string;
  /** Every playlist and manifest written (absolute paths), entry point included. */
  readonly manifests: readonly string[];
  /** Every file of the package. */
  readonly files: readonly OutputFile[];
  /** The package as a format-neutral model; null for a single MP4 file. */
  readonly presentation: Presentation | null;
  /** HLS master written for a DASH job with `generateHlsPlaylist`, else null. */
  readonly hlsMasterPath: string | null;
  /** The ffmpeg argv that ran (secrets redacted). */
  readonly argv: readonly string[];
  /** Wall time of the whole job, milliseconds. */
  readonly elapsedMs: number;
}

/**
 * The events of one packaging job, discriminated by `type`:
 * `start` once ffmpeg is spawned (with its argv and how it names files), `progress` a few times a second, `done`
 * once with the result. With `watchOutput()` in the pipe, the files themselves are reported too, as each becomes
 * complete (`init`, `segment`, `key`, `playlist`, `manifest`: see {@link OutputFileEvent}).
 * Errors end the stream as a `PackagerError`.
 */
export type PackagingEvent =
  | { readonly type: 'start'; readonly input: string; readonly argv: readonly string[]; readonly pid: number | undefined; readonly layout: OutputLayout }
  | { readonly type: 'progress'; readonly progress: Progress }
  | OutputFileEvent
  | { readonly type: 'done'; readonly result: PackageResult };

/** Type guard for `filter()`. */
export const isDoneEvent = (e: PackagingEvent): e is Extract<PackagingEvent, { type: 'done' }> => e.type === 'done';
/** Type guard for `filter()`. */
export const isProgressEvent = (e: PackagingEvent): e is Extract<PackagingEvent, { type: 'progress' }> => e.type === 'progress';
